namespace PipelineSecurity.Build;

/// <summary>
/// Codes of the errors and warnings the build tasks log. Ranges are listed in docs/rules/README.md;
/// each code has a page docs/rules/&lt;CODE&gt;.md and a descriptor in <see cref="BuildDiagnostics"/>.
/// A code is never reused or renumbered.
/// </summary>
internal static class BuildDiagnosticIds
{
    // PSF0xxx: the package's own plumbing.
    public const string InternalError = "PSF0001";
    public const string AssetsFileMissing = "PSF0002";
    public const string AssetsFileUnreadable = "PSF0003";
    public const string OutputNotWritten = "PSF0004";

    // PSF0010-PSF0049: inputs refused for what they are, and limits (issue 12; docs/limits.md).
    public const string InputNotRegularFile = "PSF0010";
    public const string InputLinkBroken = "PSF0011";
    public const string InputTooLarge = "PSF0012";
    public const string InputReadTimedOut = "PSF0013";
    public const string InputLimitInvalid = "PSF0014";

    // PSF3xxx: SBOM generation.
    public const string SbomPackageMissing = "PSF3001";
    public const string SbomNuspecUnreadable = "PSF3002";
    public const string SbomSettingInvalid = "PSF3003";
    public const string SbomPublishedFileUnreadable = "PSF3004";

    // PSF5xxx: package signatures, package-cache integrity, lock files (src/PipelineSecurity.Build/Integrity).
    public const string PackageSignatureInvalid = "PSF5001";
    public const string PackageUnsigned = "PSF5002";
    public const string RequiredSignatureMissing = "PSF5003";
    public const string PackageSignerNotTrusted = "PSF5004";
    public const string PackageCertificateNotTrusted = "PSF5005";
    public const string RevocationStatusUnknown = "PSF5006";
    public const string PackageUnreadable = "PSF5007";
    public const string PackageNotInCache = "PSF5008";
    public const string IntegrityPolicyInvalid = "PSF5009";
    public const string PackageCacheHashMismatch = "PSF5010";
    public const string PackageCacheFileTampered = "PSF5011";
    public const string PackageCacheUnreadable = "PSF5012";
    public const string PackageFolderLink = "PSF5013";
    public const string PackageFolderTooLarge = "PSF5014";
    public const string LockFileMissing = "PSF5020";
    public const string LockFileOutOfDate = "PSF5021";
    public const string LockFileContentHashMismatch = "PSF5022";
    public const string LockFileFloatingVersion = "PSF5023";
    public const string LockFileUnreadable = "PSF5024";

    // PSF6xxx: the policy file and its verdicts.
    public const string PolicyFileInvalid = "PSF6001";
    public const string PolicyPackageDenied = "PSF6002";
    public const string PolicyLicenseNotAllowed = "PSF6003";
    public const string PolicyLicenseUnknown = "PSF6004";
    public const string PolicyVulnerablePackage = "PSF6005";
    public const string PolicyAnalyzerFinding = "PSF6006";
    public const string PolicyExceptionExpired = "PSF6007";
    public const string PolicyExceptionUnused = "PSF6008";
    public const string PolicyAdvisoryDatabaseInvalid = "PSF6009";
    public const string PolicyAnalyzerLogUnreadable = "PSF6010";

    // PSF6020–PSF6039: CI integration (upload SARIF, baseline, NuGetAudit settings, job summary).
    public const string BaselineInvalid = "PSF6020";
    public const string BaselineStale = "PSF6021";
    public const string BaselineGrowthRefused = "PSF6022";
    public const string NuGetAuditSettingInvalid = "PSF6023";

    // PSF7xxx: the repository's CI definitions (GitHub Actions, Azure Pipelines), checked once per solution build
    // (src/PipelineSecurity.Build/Pipelines).
    public const string PipelineUnpinnedAction = "PSF7001";
    public const string PipelineUntrustedInputInScript = "PSF7002";
    public const string PipelineUntrustedCheckout = "PSF7003";
    public const string PipelineExcessivePermissions = "PSF7004";
    public const string PipelineUnusedIdToken = "PSF7005";
    public const string PipelinePersistedCredentials = "PSF7006";
    public const string PipelineSecretsInherit = "PSF7007";
    public const string PipelineUnsecureCommands = "PSF7008";
    public const string PipelineRemoteScriptExecution = "PSF7009";
    public const string PipelineSelfHostedRunner = "PSF7010";
    public const string PipelineCachePoisoning = "PSF7011";
    public const string PipelineGateDisabled = "PSF7012";
    public const string PipelineEnvironmentFileInjection = "PSF7013";
    public const string PipelineSpoofableBotCondition = "PSF7014";
    public const string PipelineAzurePersistCredentials = "PSF7020";
    public const string PipelineSecretInPlainVariable = "PSF7021";
    public const string PipelineAccessTokenExposed = "PSF7022";
    public const string PipelineUnpinnedRepositoryResource = "PSF7023";
    public const string PipelineTaskWithoutVersion = "PSF7024";
    public const string PipelineFileNotChecked = "PSF7900";
}
