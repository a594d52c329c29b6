using System;
using System.Globalization;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build;

/// <summary>How a build code is logged unless its check decides otherwise (the policy gate's audit mode logs violations as warnings).</summary>
internal enum BuildDiagnosticSeverity
{
    Message,
    Warning,
    Error,
}

/// <summary>
/// One build code described once, the build side's equivalent of Roslyn's <c>DiagnosticDescriptor</c>: id, a short name
/// (the SARIF rule name), title, category, default severity, message format and help link. Every finding and every
/// <see cref="BuildDiagnosticException"/> is made from one of these (see <see cref="BuildDiagnostics"/>).
/// </summary>
internal sealed class BuildDiagnosticDescriptor
{
    internal BuildDiagnosticDescriptor(string id, string name, string title, string category, BuildDiagnosticSeverity defaultSeverity, string messageFormat)
    {
        Id = id;
        Name = name;
        Title = title;
        Category = category;
        DefaultSeverity = defaultSeverity;
        MessageFormat = messageFormat;
    }

    public string Id { get; }

    /// <summary>A PascalCase name, used as the SARIF rule name.</summary>
    public string Name { get; }

    /// <summary>One sentence saying what the code means, used as the SARIF rule's short description.</summary>
    public string Title { get; }

    /// <summary>One of <see cref="BuildDiagnosticCategories"/>; the docs page's header table shows the same text.</summary>
    public string Category { get; }

    public BuildDiagnosticSeverity DefaultSeverity { get; }

    /// <summary>A composite format string (invariant culture): what is wrong and what to do.</summary>
    public string MessageFormat { get; }

    /// <summary>
    /// Tags of the SARIF rule, as the analyzers' custom tags: "security" and "external/cwe/cwe-N" for a code about a
    /// security weakness (code scanning then lists it as a security alert and rates it); empty: the category's name.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    public string HelpLink => HelpLinks.For(Id);

    public string FormatMessage(params object?[] arguments) => string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);

    /// <summary>A coded failure for this descriptor, with the message formatted from <paramref name="arguments"/>.</summary>
    public BuildDiagnosticException Failure(string? file, params object?[] arguments) => new(this, FormatMessage(arguments), file, inner: null);

    /// <summary>A coded failure caused by <paramref name="inner"/>.</summary>
    public BuildDiagnosticException Failure(Exception inner, string? file, params object?[] arguments) => new(this, FormatMessage(arguments), file, inner);

    public override string ToString() => Id + ": " + Title;
}
