using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// One kind of file the tasks read, with its size cap and the MSBuild property that changes it. Every cap and limit is
/// listed in docs/limits.md; a test keeps that page and this list in step.
/// </summary>
internal sealed class InputKind
{
    private const long MiB = 1024 * 1024;

    private InputKind(string name, string property, long defaultMaxBytes)
    {
        Name = name;
        Property = property;
        DefaultMaxBytes = defaultMaxBytes;
    }

    /// <summary>What the file is, as a user reads it in a message ("policy file").</summary>
    public string Name { get; }

    /// <summary>The MSBuild property that sets this kind's cap, in bytes.</summary>
    public string Property { get; }

    public long DefaultMaxBytes { get; }

    /// <summary>The cap in force: the property's value when the build set one, else the default.</summary>
    public long MaxBytes => InputLimits.Current.MaxBytes(this);

    public static readonly InputKind PolicyFile = new("policy file", "PipelineSecurityPolicyFileMaxBytes", 1 * MiB);
    public static readonly InputKind AdvisoryRecord = new("advisory record", "PipelineSecurityAdvisoryFileMaxBytes", 4 * MiB);
    public static readonly InputKind AssetsFile = new("restore output (project.assets.json)", "PipelineSecurityAssetsFileMaxBytes", 512 * MiB);
    public static readonly InputKind LockFile = new("lock file", "PipelineSecurityLockFileMaxBytes", 64 * MiB);
    public static readonly InputKind PackageMetadata = new("package manifest or cache record (.nuspec, .nupkg.metadata, .sha512)", "PipelineSecurityPackageMetadataMaxBytes", 16 * MiB);
    public static readonly InputKind PackageArchive = new("package archive (.nupkg)", "PipelineSecurityPackageMaxBytes", 2048 * MiB);
    public static readonly InputKind VerdictStore = new("integrity verdict record", "PipelineSecurityVerdictStoreMaxBytes", 16 * MiB);
    public static readonly InputKind CompilerErrorLog = new("compiler SARIF log", "PipelineSecurityErrorLogMaxBytes", 256 * MiB);
    public static readonly InputKind GitMetadata = new("git metadata file (.git/HEAD, refs, config)", "PipelineSecurityGitFileMaxBytes", 64 * MiB);

    public static IReadOnlyList<InputKind> All { get; } = new[] { PolicyFile, AdvisoryRecord, AssetsFile, LockFile, PackageMetadata, PackageArchive, VerdictStore, CompilerErrorLog, GitMetadata };
}

/// <summary>
/// The limits in force for the task running on this thread (and the work it starts): the defaults, overridden by the
/// properties the build set (passed to every task as <c>InputLimits="name=value;…"</c>). Held in an AsyncLocal so that
/// two projects built in one process with different limits never see each other's.
/// </summary>
internal sealed class InputLimits
{
    public const string ReadTimeoutProperty = "PipelineSecurityInputReadTimeout";
    public const string AdvisoryMaxFilesProperty = "PipelineSecurityAdvisoryMaxFiles";
    public const string PackageFolderMaxFilesProperty = "PipelineSecurityPackageFolderMaxFiles";
    public const string PackageFolderMaxBytesProperty = "PipelineSecurityPackageFolderMaxBytes";

    public const int DefaultReadTimeoutSeconds = 30;
    public const long DefaultAdvisoryMaxFiles = 200_000;
    public const long DefaultPackageFolderMaxFiles = 100_000;
    public const long DefaultPackageFolderMaxBytes = 4L * 1024 * 1024 * 1024;

    private static readonly AsyncLocal<InputLimits?> Ambient = new();

    private readonly Dictionary<string, long> values;

    private InputLimits(Dictionary<string, long> values) => this.values = values;

    public static InputLimits Default { get; } = new(new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase));

    public static InputLimits Current => Ambient.Value ?? Default;

    public TimeSpan ReadTimeout => TimeSpan.FromSeconds(Get(ReadTimeoutProperty, DefaultReadTimeoutSeconds));

    public long AdvisoryMaxFiles => Get(AdvisoryMaxFilesProperty, DefaultAdvisoryMaxFiles);

    public long PackageFolderMaxFiles => Get(PackageFolderMaxFilesProperty, DefaultPackageFolderMaxFiles);

    public long PackageFolderMaxBytes => Get(PackageFolderMaxBytesProperty, DefaultPackageFolderMaxBytes);

    public long MaxBytes(InputKind kind) => Get(kind.Property, kind.DefaultMaxBytes);

    /// <summary>
    /// Parses "Property=value;…" (empty values are skipped: the property was not set). A value that is not a positive
    /// whole number is an error naming the property.
    /// </summary>
    public static InputLimits Parse(string? text)
    {
        var values = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (text ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var name = pair.Substring(0, equals).Trim();
            var value = pair.Substring(equals + 1).Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                throw BuildDiagnostics.InputLimitInvalid.Failure(file: null, name, value);
            }

            values[name] = number;
        }

        return values.Count == 0 ? Default : new InputLimits(values);
    }

    /// <summary>Makes these limits the current ones until the returned scope is disposed.</summary>
    public IDisposable Apply()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(previous);
    }

    private long Get(string property, long fallback) => values.TryGetValue(property, out var value) ? value : fallback;

    private sealed class Scope : IDisposable
    {
        private readonly InputLimits? previous;

        public Scope(InputLimits? previous) => this.previous = previous;

        public void Dispose() => Ambient.Value = previous;
    }
}
