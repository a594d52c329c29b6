using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Integrity.PackageCache;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// MSBuild task: reads the policy early in the build and hands its integrity and SBOM requirements to the other
/// PipelineSecurity targets as property values (empty when the policy does not set them). An invalid policy fails here,
/// before any work, with every error at its line and column. What a valid policy gave is kept in
/// <see cref="CacheFile"/> with the policy file's change stamp, so a build where the policy did not change does not parse it.
/// </summary>
public sealed class ReadPipelineSecurityPolicy : PipelineSecurityTask
{
    [Required]
    public string PolicyFile { get; set; } = "";

    /// <summary>Where the values read from an unchanged policy are kept (the project's obj folder); empty: parse every time.</summary>
    public string CacheFile { get; set; } = "";

    /// <summary>The clock (tests move it past the settle margin of a policy they just wrote).</summary>
    internal DateTime? NowUtc { get; set; }

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
        var now = NowUtc ?? DateTime.UtcNow;
        var key = CacheKey(out var stamp);
        if (key is not null && ReadCache(key))
        {
            Log.LogMessage(MessageImportance.Low, "PipelineSecurity: policy {0} unchanged since it was last read (mode {1})", PolicyFile, Mode);
            return;
        }

        if (Parse() && key is not null && FileChangeStamp.IsSettledText(stamp!, now))
        {
            WriteCache(key);
        }
    }

    private bool Parse()
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

            return false;
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
        return true;
    }

    private string[] Values() => new[] { Mode, RequiredSignature, TrustedAuthors, TrustedRepositories, RequireLockFile, SbomEnabled, AdvisoryDatabase };

    /// <summary>The policy file's change stamp, then a digest of everything else the values depend on; null: no cache.</summary>
    private string? CacheKey(out string? stamp)
    {
        stamp = string.IsNullOrWhiteSpace(CacheFile) ? null : FileChangeStamp.TextOf(Path.GetFullPath(PolicyFile));
        return stamp is null ? null : stamp + "|" + WorkCache.Key(Path.GetFullPath(PolicyFile), InputLimits);
    }

    private bool ReadCache(string key)
    {
        if (WorkCache.TryReadText(CacheFile) is not { } text)
        {
            return false;
        }

        try
        {
            // The key, one line per value, and the empty string after the last line break.
            var count = Values().Length;
            var lines = text.Split('\n');
            if (lines.Length != count + 2 || lines[0] != key || lines[count + 1].Length != 0)
            {
                return false;
            }

            var values = new string[count];
            for (var i = 0; i < count; i++)
            {
                if (Hex.ParseLower(lines[i + 1]) is not { } bytes)
                {
                    return false;
                }

                values[i] = Encoding.UTF8.GetString(bytes);
            }

            (Mode, RequiredSignature, TrustedAuthors, TrustedRepositories, RequireLockFile, SbomEnabled, AdvisoryDatabase) =
                (values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
            return Mode is "audit" or "enforce";
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void WriteCache(string key)
    {
        // Only saves work: when it cannot be written, the next build parses the policy again.
        WorkCache.TryWrite(CacheFile, key + "\n" + string.Concat(Values().Select(v => Hex.Lower(Encoding.UTF8.GetBytes(v)) + "\n")));
    }
}
