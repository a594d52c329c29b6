namespace PipelineSecurity.Build;

/// <summary>
/// Codes of the errors and warnings the build tasks log. Ranges are listed in docs/rules/README.md;
/// each code has a page docs/rules/&lt;CODE&gt;.md and a descriptor in <see cref="BuildDiagnostics"/>.
/// A code is never reused or renumbered.
/// </summary>
public static class BuildDiagnosticIds
{
    // PSF0xxx: the package's own plumbing.
    public const string InternalError = "PSF0001";
    public const string AssetsFileMissing = "PSF0002";
    public const string AssetsFileUnreadable = "PSF0003";
    public const string OutputNotWritten = "PSF0004";

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
}
