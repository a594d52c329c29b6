using Microsoft.CodeAnalysis;

namespace PipelineSecurity.Analyzers.Configuration.Files;

/// <summary>One insecure setting found in a configuration file: the rule, the span of the value in the file's text, the message arguments.</summary>
internal readonly struct ConfigFinding
{
    public ConfigFinding(DiagnosticDescriptor descriptor, int start, int length, params object[] arguments)
    {
        Descriptor = descriptor;
        Start = start;
        Length = length;
        Arguments = arguments;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public int Start { get; }

    public int Length { get; }

    public object[] Arguments { get; }
}
