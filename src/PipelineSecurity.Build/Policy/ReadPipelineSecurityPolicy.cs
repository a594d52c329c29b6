using System.Linq;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// MSBuild task: reads the policy early in the build and hands its integrity and SBOM requirements to the other
/// PipelineSecurity targets as property values (empty when the policy does not set them). An invalid policy fails here,
/// before any work, with every error at its line and column.
/// </summary>
public sealed class ReadPipelineSecurityPolicy : PipelineSecurityTask
{
    [Required]
    public string PolicyFile { get; set; } = "";

    [Output]
    public string Mode { get; private set; } = "";

    [Output]
    public string RequiredSignature { get; private set; } = "";

    [Output]
    public string TrustedAuthors { get; private set; } = "";

    [Output]
    public string TrustedRepositories { get; private set; } = "";

    [Output]
    public string RequireLockFile { get; private set; } = "";

    [Output]
    public string SbomEnabled { get; private set; } = "";

    /// <summary>The advisory database folder the policy names (empty when none), so the gate's target can list it among its inputs.</summary>
    [Output]
    public string AdvisoryDatabase { get; private set; } = "";

    protected override void ExecuteCore()
    {
        PolicyDocument policy;
        try
        {
            policy = PolicyFileParser.Load(PolicyFile);
        }
        catch (PolicyFileException invalid)
        {
            foreach (var error in PolicyGate.PolicyErrors(invalid))
            {
                LogError(error.Code, error.Message, error.File, error.Line, error.Column);
            }

            return;
        }

        Mode = policy.Mode == PolicyMode.Enforce ? "enforce" : "audit";
        var integrity = policy.Integrity;
        RequiredSignature = integrity.RequiredSignature ?? "";
        TrustedAuthors = integrity.TrustedAuthors is null ? "" : string.Join(";", integrity.TrustedAuthors);
        TrustedRepositories = integrity.TrustedRepositories is null ? "" : string.Join(";", integrity.TrustedRepositories);
        RequireLockFile = integrity.RequireLockFile is { } lockFile ? (lockFile ? "true" : "false") : "";
        SbomEnabled = integrity.SbomEnabled is { } sbom ? (sbom ? "true" : "false") : "";
        AdvisoryDatabase = policy.Advisories?.DatabasePath ?? "";
        Log.LogMessage(MessageImportance.Low, "PipelineSecurity: policy {0} read (mode {1}, {2} exceptions)", PolicyFile, Mode, policy.Exceptions.Count);
    }
}
