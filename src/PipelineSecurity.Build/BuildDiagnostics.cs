using System;
using System.Collections.Generic;
using System.Linq;
using static PipelineSecurity.Build.BuildDiagnosticSeverity;

namespace PipelineSecurity.Build;

/// <summary>The categories of the build codes, spelt as the analyzers' categories are (Security.&lt;Concern&gt;).</summary>
internal static class BuildDiagnosticCategories
{
    /// <summary>PSF0xxx: the package's own plumbing (restore output, output files, internal errors).</summary>
    public const string Build = "Security.Build";

    /// <summary>PSF3xxx: SBOM generation.</summary>
    public const string Sbom = "Security.Sbom";

    /// <summary>PSF5xxx: package signatures, package-cache integrity, lock files.</summary>
    public const string Integrity = "Security.Integrity";

    /// <summary>PSF6xxx: the policy file and its verdicts.</summary>
    public const string Policy = "Security.Policy";

    /// <summary>PSF7xxx: the repository's CI definitions (GitHub Actions workflows, Azure Pipelines).</summary>
    public const string Pipelines = "Security.Pipelines";
}

/// <summary>
/// The build-code catalogue: every code the build tasks log is described here once (ids in <see cref="BuildDiagnosticIds"/>).
/// Findings and <see cref="Infrastructure.BuildDiagnosticException"/>s are made from these descriptors; the SARIF rule
/// table and the documentation meta-tests iterate <see cref="All"/>. Add new entries at the end of their range's block.
/// </summary>
internal static class BuildDiagnostics
{
    private const string LockedModeAdvice = "On CI, restore with RestoreLockedMode=true (or 'dotnet restore --locked-mode') so that a drifted lock file fails restore instead of being rewritten.";

    // PSF0xxx: the package's own plumbing.
    public static readonly BuildDiagnosticDescriptor InternalError = new(
        BuildDiagnosticIds.InternalError, "InternalError", "A PipelineSecurity task failed unexpectedly.", BuildDiagnosticCategories.Build, Error,
        "{0} failed unexpectedly ({1}: {2}). Please report this with the build log.");

    public static readonly BuildDiagnosticDescriptor AssetsFileMissing = new(
        BuildDiagnosticIds.AssetsFileMissing, "AssetsFileMissing", "The restore output (project.assets.json) does not exist.", BuildDiagnosticCategories.Build, Error,
        "The restore output '{0}' does not exist. Run 'dotnet restore' (or build without --no-restore) before this step.");

    public static readonly BuildDiagnosticDescriptor AssetsFileUnreadable = new(
        BuildDiagnosticIds.AssetsFileUnreadable, "AssetsFileUnreadable", "The restore output (project.assets.json) cannot be read.", BuildDiagnosticCategories.Build, Error,
        "The restore output '{0}' cannot be read ({1}). Delete the obj folder and run 'dotnet restore' again.");

    public static readonly BuildDiagnosticDescriptor OutputNotWritten = new(
        BuildDiagnosticIds.OutputNotWritten, "OutputNotWritten", "An output file cannot be written.", BuildDiagnosticCategories.Build, Error,
        "Could not write '{0}': {1} Check that the folder is writable and the file is not locked.");

    // PSF0010-PSF0049: inputs refused for what they are, and limits (issue 12; every limit is listed in docs/limits.md).
    public static readonly BuildDiagnosticDescriptor InputNotRegularFile = new(
        BuildDiagnosticIds.InputNotRegularFile, "InputNotRegularFile", "An input file is a directory, a pipe, a device or a socket, not a regular file.", BuildDiagnosticCategories.Build, Error,
        "'{0}' is {1}, not a regular file, so the {2} is not read (a pipe or a device can block the build or never end). Replace it with a regular file.");

    public static readonly BuildDiagnosticDescriptor InputLinkBroken = new(
        BuildDiagnosticIds.InputLinkBroken, "InputLinkBroken", "An input file is a symbolic link to nothing.", BuildDiagnosticCategories.Build, Error,
        "'{0}' is a symbolic link to '{1}', which does not exist (or the links form a loop), so the {2} cannot be read. Fix or remove the link.");

    public static readonly BuildDiagnosticDescriptor InputTooLarge = new(
        BuildDiagnosticIds.InputTooLarge, "InputTooLarge", "An input file is larger than its cap.", BuildDiagnosticCategories.Build, Error,
        "'{0}' holds more than {1} bytes ({2}), the cap for a {3}; reading stopped there. If the file is genuine, raise the cap with the MSBuild property {4} (bytes).");

    public static readonly BuildDiagnosticDescriptor InputReadTimedOut = new(
        BuildDiagnosticIds.InputReadTimedOut, "InputReadTimedOut", "Reading an input file did not finish in time.", BuildDiagnosticCategories.Build, Error,
        "Reading the {0} '{1}' did not finish within {2} s (a pipe, a device or a stalled network share?). Make it a regular local file, or raise the deadline with the MSBuild property {3} (seconds).");

    public static readonly BuildDiagnosticDescriptor InputLimitInvalid = new(
        BuildDiagnosticIds.InputLimitInvalid, "InputLimitInvalid", "A limit property is not a positive whole number.", BuildDiagnosticCategories.Build, Error,
        "The property {0} has the value '{1}', which is not a positive whole number. Fix it in the project file or Directory.Build.props, or remove it to use the default (docs/limits.md).");

    // PSF3xxx: SBOM generation.
    public static readonly BuildDiagnosticDescriptor SbomPackageMissing = new(
        BuildDiagnosticIds.SbomPackageMissing, "SbomPackageMissing", "A package in the restore output is missing from the package cache.", BuildDiagnosticCategories.Sbom, Error,
        "Package {0} {1} is in the restore output but not in the package cache (looked for '{2}' in: {3}). Run 'dotnet restore --force' to download it again.");

    public static readonly BuildDiagnosticDescriptor SbomNuspecUnreadable = new(
        BuildDiagnosticIds.SbomNuspecUnreadable, "SbomNuspecUnreadable", "A package's nuspec or nupkg in the package cache cannot be read.", BuildDiagnosticCategories.Sbom, Error,
        "The {0} of package {1} {2} in the package cache cannot be read ({3}). Delete the package's folder from the package cache and run 'dotnet restore' again.");

    public static readonly BuildDiagnosticDescriptor SbomSettingInvalid = new(
        BuildDiagnosticIds.SbomSettingInvalid, "SbomSettingInvalid", "An SBOM setting has a value the SBOM cannot use.", BuildDiagnosticCategories.Sbom, Error,
        "The property {0} has the value '{1}', which is not {2}. Fix it in the project file or Directory.Build.props.");

    public static readonly BuildDiagnosticDescriptor SbomPublishedFileUnreadable = new(
        BuildDiagnosticIds.SbomPublishedFileUnreadable, "SbomPublishedFileUnreadable", "A published file cannot be read to be hashed for the publish SBOM.", BuildDiagnosticCategories.Sbom, Error,
        "The published file '{0}' cannot be read to record its hash in the SBOM ({1}). Check that no other process holds it, and publish again.");

    // PSF5xxx: package signatures, package-cache integrity, lock files.
    public static readonly BuildDiagnosticDescriptor PackageSignatureInvalid = new(
        BuildDiagnosticIds.PackageSignatureInvalid, "PackageSignatureInvalid", "A package's signature is invalid or its content changed after signing.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} {1} ({2}: {3}). {4}Delete '{5}' and restore again from a trusted source.");

    public static readonly BuildDiagnosticDescriptor PackageUnsigned = new(
        BuildDiagnosticIds.PackageUnsigned, "PackageUnsigned", "A package is not signed.", BuildDiagnosticCategories.Integrity, Warning,
        "Package {0} is not signed, so nothing proves who published it or that it is unchanged. Use a signed version or a feed that repository-signs its packages; to accept it unsigned, list its id in PipelineSecurityUnsignedPackagesAllowed (or set PipelineSecurityRequiredSignature=none for all).");

    public static readonly BuildDiagnosticDescriptor RequiredSignatureMissing = new(
        BuildDiagnosticIds.RequiredSignatureMissing, "RequiredSignatureMissing", "A package lacks the signature kind PipelineSecurityRequiredSignature requires.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} {1}, but PipelineSecurityRequiredSignature={2} requires {3}. {4}");

    public static readonly BuildDiagnosticDescriptor PackageSignerNotTrusted = new(
        BuildDiagnosticIds.PackageSignerNotTrusted, "PackageSignerNotTrusted", "A package's signer is not among the trusted authors or repositories.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} is signed by a signer you have not trusted: {1}; {2}. If you trust it, add the fingerprint to PipelineSecurityTrustedAuthors or the repository (fingerprint|owners) to PipelineSecurityTrustedRepositories, or to nuget.config's trustedSigners.");

    public static readonly BuildDiagnosticDescriptor PackageCertificateNotTrusted = new(
        BuildDiagnosticIds.PackageCertificateNotTrusted, "PackageCertificateNotTrusted", "A package's signing or timestamping certificate is not trusted.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} is signed with a certificate that is not trusted ({1}: {2}). Do not use this package unless you trust its publisher; restore it from a source that serves a validly signed copy.");

    public static readonly BuildDiagnosticDescriptor RevocationStatusUnknown = new(
        BuildDiagnosticIds.RevocationStatusUnknown, "RevocationStatusUnknown", "The revocation status of signing certificates is unknown (online revocation mode).", BuildDiagnosticCategories.Integrity, Warning,
        "The revocation status of {0} is unknown ({1}). Check the network or proxy, or set PipelineSecurityRevocationMode=offline on machines without internet.");

    public static readonly BuildDiagnosticDescriptor PackageUnreadable = new(
        BuildDiagnosticIds.PackageUnreadable, "PackageUnreadable", "A package cannot be read (corrupt, truncated, damaged signature).", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} cannot be read as a NuGet package ({1}: {2}): the file is {3}. Delete '{4}' and restore again.");

    public static readonly BuildDiagnosticDescriptor PackageNotInCache = new(
        BuildDiagnosticIds.PackageNotInCache, "PackageNotInCache", "A restored package is missing from the packages folder.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} is in the restore graph but its .nupkg is not in the packages folder ('{1}'), so it cannot be verified. Run 'dotnet restore'; if the folder was emptied by hand, delete '{2}' first.");

    public static readonly BuildDiagnosticDescriptor IntegrityPolicyInvalid = new(
        BuildDiagnosticIds.IntegrityPolicyInvalid, "IntegrityPolicyInvalid", "An integrity setting is invalid.", BuildDiagnosticCategories.Integrity, Error,
        "The integrity setting {0} {1}. Fix {2}.");

    public static readonly BuildDiagnosticDescriptor PackageCacheHashMismatch = new(
        BuildDiagnosticIds.PackageCacheHashMismatch, "PackageCacheHashMismatch", "A cached .nupkg does not match its recorded hash.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} in the packages folder does not match what was restored: {1}. Delete '{2}' and run 'dotnet restore' (use RestoreLockedMode on CI), and find out what changed the cache.");

    public static readonly BuildDiagnosticDescriptor PackageCacheFileTampered = new(
        BuildDiagnosticIds.PackageCacheFileTampered, "PackageCacheFileTampered", "A file extracted into the packages folder was changed, added or removed.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} was modified in the packages folder after restore: {1} file(s) {2}: {3}. The build would use the modified files. Delete '{4}' and run 'dotnet restore' (use RestoreLockedMode on CI), and find out what changed the cache.");

    public static readonly BuildDiagnosticDescriptor PackageCacheUnreadable = new(
        BuildDiagnosticIds.PackageCacheUnreadable, "PackageCacheUnreadable", "The packages folder cannot be read.", BuildDiagnosticCategories.Integrity, Error,
        "The {0} of package {1} in '{2}' cannot be read ({3}). Check the folder's permissions, or delete it and restore again.");

    public static readonly BuildDiagnosticDescriptor PackageFolderLink = new(
        BuildDiagnosticIds.PackageFolderLink, "PackageFolderLink", "A package folder in the packages folder holds a symbolic link or a special file.", BuildDiagnosticCategories.Integrity, Error,
        "Package {0} has {1} in its folder in the packages folder: '{2}'{3}. NuGet extracts only regular files and folders, so something changed the cache; it was neither followed nor read. Delete '{4}' and run 'dotnet restore' (use RestoreLockedMode on CI), and find out what changed the cache.");

    public static readonly BuildDiagnosticDescriptor PackageFolderTooLarge = new(
        BuildDiagnosticIds.PackageFolderTooLarge, "PackageFolderTooLarge", "A package folder in the packages folder is larger than the check's limit.", BuildDiagnosticCategories.Integrity, Error,
        "The folder of package {0} in the packages folder holds more than {1} ('{2}'); the check stopped there. If the package is genuine, raise the limit with the MSBuild property {3}; otherwise delete the folder and run 'dotnet restore'.");

    public static readonly BuildDiagnosticDescriptor LockFileMissing = new(
        BuildDiagnosticIds.LockFileMissing, "LockFileMissing", "packages.lock.json is required but missing.", BuildDiagnosticCategories.Integrity, Error,
        "The lock file '{0}' does not exist, but PipelineSecurityRequireLockFile=true. Set RestorePackagesWithLockFile=true in the project (or Directory.Build.props), run 'dotnet restore', and commit packages.lock.json. " + LockedModeAdvice);

    public static readonly BuildDiagnosticDescriptor LockFileOutOfDate = new(
        BuildDiagnosticIds.LockFileOutOfDate, "LockFileOutOfDate", "packages.lock.json disagrees with the restore.", BuildDiagnosticCategories.Integrity, Error,
        "The lock file does not agree with the current restore: {0}. Run 'dotnet restore --force-evaluate' to rewrite it, review the change and commit it. " + LockedModeAdvice);

    public static readonly BuildDiagnosticDescriptor LockFileContentHashMismatch = new(
        BuildDiagnosticIds.LockFileContentHashMismatch, "LockFileContentHashMismatch", "A cached package's content differs from the lock file's contentHash.", BuildDiagnosticCategories.Integrity, Error,
        "The package {0} {1} in the packages folder is not the one the lock file pinned: its content hash differs from the lock file's contentHash. The cache holds different bytes under the same version (a tampered cache or a republished package). Delete the package's folder from the packages folder and restore with RestoreLockedMode=true.");

    public static readonly BuildDiagnosticDescriptor LockFileFloatingVersion = new(
        BuildDiagnosticIds.LockFileFloatingVersion, "LockFileFloatingVersion", "A floating version is requested.", BuildDiagnosticCategories.Integrity, Warning,
        "{0} is requested with the floating version '{1}' (resolved to {2} for {3}): each restore without the lock file may pick a different package. Reference an exact version, and keep the lock file authoritative with RestoreLockedMode=true on CI.");

    public static readonly BuildDiagnosticDescriptor LockFileUnreadable = new(
        BuildDiagnosticIds.LockFileUnreadable, "LockFileUnreadable", "packages.lock.json cannot be read.", BuildDiagnosticCategories.Integrity, Error,
        "The lock file '{0}' cannot be read ({1}). Restore it from version control, or delete it and run 'dotnet restore' to write a new one (then review and commit it).");

    // PSF6xxx: the policy file and its verdicts. A violation is an error in enforce mode and a warning in audit mode.
    public static readonly BuildDiagnosticDescriptor PolicyFileInvalid = new(
        BuildDiagnosticIds.PolicyFileInvalid, "PolicyFileInvalid", "The policy file is missing, not valid JSON, or does not follow the policy schema.", BuildDiagnosticCategories.Policy, Error,
        "{0}: {1}.");

    public static readonly BuildDiagnosticDescriptor PolicyPackageDenied = new(
        BuildDiagnosticIds.PolicyPackageDenied, "PackageNotAllowed", "A restored package is denied by the policy, or missing from its allowed packages.", BuildDiagnosticCategories.Policy, Error,
        "Package {0} ({1}) {2}. {3}, or add a policy exception.")
    {
        Tags = new[] { "security", "supply-chain", "external/cwe/cwe-1104" },
    };

    public static readonly BuildDiagnosticDescriptor PolicyLicenseNotAllowed = new(
        BuildDiagnosticIds.PolicyLicenseNotAllowed, "LicenseNotAllowed", "A restored package's licence is denied, or not in the policy's allowed licences.", BuildDiagnosticCategories.Policy, Error,
        "The licence of {0} ({1}) is not acceptable: {2}. Replace the package, get legal approval and add the licence to 'licenses.allowed', or add a policy exception.")
    {
        Tags = new[] { "licence", "policy" },
    };

    public static readonly BuildDiagnosticDescriptor PolicyLicenseUnknown = new(
        BuildDiagnosticIds.PolicyLicenseUnknown, "LicenseUnknown", "A restored package's licence cannot be determined from its nuspec.", BuildDiagnosticCategories.Policy, Warning,
        "The licence of {0} is unknown: {1}. Review it and add a policy exception for the package, or set 'licenses.unknown' to \"allow\".")
    {
        Tags = new[] { "licence", "policy" },
    };

    public static readonly BuildDiagnosticDescriptor PolicyVulnerablePackage = new(
        BuildDiagnosticIds.PolicyVulnerablePackage, "VulnerablePackage", "A restored package version has a known vulnerability at or above the policy's severity threshold.", BuildDiagnosticCategories.Policy, Error,
        "Package {0} has a known {1} vulnerability {2}{3}. {4}")
    {
        Tags = new[] { "security", "supply-chain", "external/cwe/cwe-1395" },
    };

    public static readonly BuildDiagnosticDescriptor PolicyAnalyzerFinding = new(
        BuildDiagnosticIds.PolicyAnalyzerFinding, "AnalyzerFindingNotAccepted", "A hard-coded secret or insecure configuration finding, which the policy does not accept.", BuildDiagnosticCategories.Policy, Error,
        "The policy {0}.{1}")
    {
        Tags = new[] { "security", "policy" },
    };

    public static readonly BuildDiagnosticDescriptor PolicyExceptionExpired = new(
        BuildDiagnosticIds.PolicyExceptionExpired, "ExceptionExpired", "A policy exception is past its expiry date.", BuildDiagnosticCategories.Policy, Error,
        "The policy exception for {0} (owner {1}) expired on {2:yyyy-MM-dd}. {3} Fix the cause, or renew the exception with a new 'expires' date after review.");

    public static readonly BuildDiagnosticDescriptor PolicyExceptionUnused = new(
        BuildDiagnosticIds.PolicyExceptionUnused, "ExceptionUnused", "A policy exception excuses nothing.", BuildDiagnosticCategories.Policy, Warning,
        "The policy exception for {0} (owner {1}) excuses nothing in this project. If no other project needs it, remove it to keep the policy clean.");

    public static readonly BuildDiagnosticDescriptor PolicyAdvisoryDatabaseInvalid = new(
        BuildDiagnosticIds.PolicyAdvisoryDatabaseInvalid, "AdvisoryDatabaseInvalid", "The advisory database is missing or holds a record that is not valid OSV.", BuildDiagnosticCategories.Policy, Error,
        "The advisory database cannot be used: {0}. {1}");

    public static readonly BuildDiagnosticDescriptor PolicyAnalyzerLogUnreadable = new(
        BuildDiagnosticIds.PolicyAnalyzerLogUnreadable, "AnalyzerLogUnreadable", "The compiler's error log with the analyzers' findings cannot be read.", BuildDiagnosticCategories.Policy, Error,
        "The analyzers' findings cannot be checked: {0}");

    // PSF6020–PSF6039: CI integration (upload SARIF, baseline, NuGetAudit settings, job summary).
    public static readonly BuildDiagnosticDescriptor BaselineInvalid = new(
        BuildDiagnosticIds.BaselineInvalid, "BaselineInvalid", "The baseline file cannot be read or does not have the baseline's format.", BuildDiagnosticCategories.Policy, Error,
        "The baseline file cannot be used: {0}. Fix it, or delete it and rebuild with -p:PipelineSecurityBaselineUpdate=true to write it again.");

    public static readonly BuildDiagnosticDescriptor BaselineStale = new(
        BuildDiagnosticIds.BaselineStale, "BaselineEntryStale", "Baseline entries no longer match a finding: the findings were fixed and the entries should go.", BuildDiagnosticCategories.Policy, Warning,
        "{0} baseline {1} of {2} no longer {3} a finding (fixed, or moved to another file): {4}. Rebuild with -p:PipelineSecurityBaselineUpdate=true to remove {5}, so that a fixed finding cannot come back unnoticed.");

    public static readonly BuildDiagnosticDescriptor BaselineGrowthRefused = new(
        BuildDiagnosticIds.BaselineGrowthRefused, "BaselineGrowthRefused", "New findings were not added to the baseline: the policy lets it only shrink in enforce mode.", BuildDiagnosticCategories.Policy, Warning,
        "{0} new {1} not added to the baseline: the policy lets it only shrink in enforce mode ('baseline.shrinkOnly'). Fix {2} ({3}), or add a policy exception with an owner and an expiry.");

    public static readonly BuildDiagnosticDescriptor NuGetAuditSettingInvalid = new(
        BuildDiagnosticIds.NuGetAuditSettingInvalid, "NuGetAuditSettingInvalid", "A NuGetAudit setting has a value the advisory check does not understand.", BuildDiagnosticCategories.Policy, Warning,
        "{0} is '{1}'; the advisory check expects {2}, and uses {3} instead. Fix the property (NuGet's own audit reads it too).");

    // PSF7xxx: the repository's CI definitions, checked once per solution build (src/PipelineSecurity.Build/Pipelines).
    // Each rule composes its whole message (what is wrong at this place, and the fix), so the format is "{0}".
    public static readonly BuildDiagnosticDescriptor PipelineUnpinnedAction = new(
        BuildDiagnosticIds.PipelineUnpinnedAction, "UnpinnedAction", "An action, reusable workflow or Docker image is referenced by a tag or branch instead of a commit SHA or digest.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineUntrustedInputInScript = new(
        BuildDiagnosticIds.PipelineUntrustedInputInScript, "UntrustedInputInScript", "An expression an outsider controls is interpolated into a script.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineUntrustedCheckout = new(
        BuildDiagnosticIds.PipelineUntrustedCheckout, "UntrustedCheckout", "A pull_request_target or workflow_run workflow checks out the pull request's code and runs it.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineExcessivePermissions = new(
        BuildDiagnosticIds.PipelineExcessivePermissions, "ExcessivePermissions", "A workflow's token permissions are write-all, or left at the default on a workflow outsiders can start.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineUnusedIdToken = new(
        BuildDiagnosticIds.PipelineUnusedIdToken, "UnusedIdToken", "id-token: write is granted where no step can use it.", BuildDiagnosticCategories.Pipelines, Message, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelinePersistedCredentials = new(
        BuildDiagnosticIds.PipelinePersistedCredentials, "PersistedCredentials", "A checkout keeps the token in .git/config in a job that uploads artifacts or runs untrusted code.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineSecretsInherit = new(
        BuildDiagnosticIds.PipelineSecretsInherit, "SecretsInherit", "secrets: inherit hands every secret to a third-party reusable workflow.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineUnsecureCommands = new(
        BuildDiagnosticIds.PipelineUnsecureCommands, "UnsecureCommands", "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables set-env and add-path.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineRemoteScriptExecution = new(
        BuildDiagnosticIds.PipelineRemoteScriptExecution, "RemoteScriptExecution", "A script downloads code and executes it without verifying it.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineSelfHostedRunner = new(
        BuildDiagnosticIds.PipelineSelfHostedRunner, "SelfHostedRunner", "A self-hosted runner serves a workflow that forks or outsiders can trigger.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineCachePoisoning = new(
        BuildDiagnosticIds.PipelineCachePoisoning, "CachePoisoning", "A release workflow restores a cache that workflows started by outsiders can write.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineGateDisabled = new(
        BuildDiagnosticIds.PipelineGateDisabled, "GateDisabled", "A CI build switches PipelineSecurity off, or audits instead of enforcing on a release path.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineEnvironmentFileInjection = new(
        BuildDiagnosticIds.PipelineEnvironmentFileInjection, "EnvironmentFileInjection", "A privileged workflow writes text an outsider controls into GITHUB_ENV or GITHUB_PATH.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineSpoofableBotCondition = new(
        BuildDiagnosticIds.PipelineSpoofableBotCondition, "SpoofableBotCondition", "A privileged workflow trusts github.actor to be a bot.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineAzurePersistCredentials = new(
        BuildDiagnosticIds.PipelineAzurePersistCredentials, "AzurePersistCredentials", "An Azure Pipelines checkout persists the access token.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineSecretInPlainVariable = new(
        BuildDiagnosticIds.PipelineSecretInPlainVariable, "SecretInPlainVariable", "A secret is given in clear text as a pipeline variable, env entry or action input.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineAccessTokenExposed = new(
        BuildDiagnosticIds.PipelineAccessTokenExposed, "AccessTokenExposed", "$(System.AccessToken) is handed to a script that does not use it.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineUnpinnedRepositoryResource = new(
        BuildDiagnosticIds.PipelineUnpinnedRepositoryResource, "UnpinnedRepositoryResource", "Templates come from a repository resource not pinned to a commit.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineTaskWithoutVersion = new(
        BuildDiagnosticIds.PipelineTaskWithoutVersion, "TaskWithoutVersion", "An Azure Pipelines task is referenced without a major version.", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    public static readonly BuildDiagnosticDescriptor PipelineFileNotChecked = new(
        BuildDiagnosticIds.PipelineFileNotChecked, "PipelineFileNotChecked", "A CI definition or deployment file cannot be checked (invalid YAML, too large, too deeply nested, binary).", BuildDiagnosticCategories.Pipelines, Warning, "{0}");

    private static readonly Lazy<IReadOnlyList<BuildDiagnosticDescriptor>> AllDescriptors = new(() =>
        typeof(BuildDiagnostics).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(BuildDiagnosticDescriptor))
            .Select(f => (BuildDiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray());

    private static readonly Lazy<Dictionary<string, BuildDiagnosticDescriptor>> ById = new(() =>
        All.ToDictionary(d => d.Id, StringComparer.Ordinal));

    /// <summary>Every descriptor, ordered by id.</summary>
    public static IReadOnlyList<BuildDiagnosticDescriptor> All => AllDescriptors.Value;

    /// <summary>The descriptors of one range (a prefix such as "PSF6"), ordered by id.</summary>
    public static IReadOnlyList<BuildDiagnosticDescriptor> InRange(string prefix) =>
        All.Where(d => d.Id.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    /// <summary>The descriptor of a code; throws when the code is not in the catalogue (a bug caught by the meta-tests).</summary>
    public static BuildDiagnosticDescriptor Get(string id) =>
        ById.Value.TryGetValue(id, out var descriptor) ? descriptor : throw new ArgumentException($"{id} is not in the build-code catalogue.", nameof(id));
}
