using System.Collections.Generic;
using System.Linq;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Checks;

/// <summary>
/// One check of the policy gate, in the shape of NuGet's <c>ISignatureVerificationProvider</c> list: it owns its
/// sections of pipeline-security.json (reads them into its rules and reports their errors at their positions), and
/// turns the project's restored packages and findings into verdicts that carry their own advice. Exceptions are not a
/// check's business: <see cref="Exceptions.ExceptionPass"/> applies them to every check's verdicts afterwards.
/// A new check is one class deriving from <see cref="PolicyCheck{TRules}"/> plus one line in <see cref="PolicyCheckList"/>.
/// </summary>
internal interface IPolicyCheck
{
    /// <summary>The top-level keys of the policy file the check owns, in the order the file documents them.</summary>
    IReadOnlyList<string> Sections { get; }

    /// <summary>
    /// Reads the check's sections from <paramref name="sections"/>, the file's top-level members (a check looks up only
    /// the keys of <see cref="Sections"/>; the parser has already refused keys nobody owns). Errors go to
    /// <paramref name="reader"/>. Returns the rules the check evaluates with, or null when the policy does not configure it.
    /// </summary>
    object? ReadRules(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections);

    /// <summary>The check's verdicts for the project, before exceptions: does no I/O (the request holds every input).</summary>
    IEnumerable<PolicyVerdict> Evaluate(PolicyEvaluationRequest request);
}

/// <summary>A check with typed rules: the parsed policy keeps them under <typeparamref name="TRules"/>.</summary>
internal abstract class PolicyCheck<TRules> : IPolicyCheck
    where TRules : class
{
    public abstract IReadOnlyList<string> Sections { get; }

    object? IPolicyCheck.ReadRules(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections) => Read(reader, sections);

    IEnumerable<PolicyVerdict> IPolicyCheck.Evaluate(PolicyEvaluationRequest request) =>
        request.Policy.Rules<TRules>() is { } rules ? Evaluate(rules, request) : Enumerable.Empty<PolicyVerdict>();

    /// <inheritdoc cref="IPolicyCheck.ReadRules"/>
    protected abstract TRules? Read(PolicySectionReader reader, IReadOnlyDictionary<string, PositionedJson> sections);

    /// <summary>The verdicts under <paramref name="rules"/> (only called when the policy configures the check).</summary>
    protected abstract IEnumerable<PolicyVerdict> Evaluate(TRules rules, PolicyEvaluationRequest request);
}

/// <summary>The registered checks, in the order their sections are read and their verdicts reported.</summary>
internal static class PolicyCheckList
{
    public static IReadOnlyList<IPolicyCheck> All { get; } = new IPolicyCheck[]
    {
        new PackageCheck(),
        new LicenseCheck(),
        new AdvisoryCheck(),
        new IntegrityRequirementsCheck(),
        new AnalyzerFindingCheck(),
        new BaselineCheck(),
    };
}
