namespace PipelineSecurity.Build.Integrity;

/// <summary>
/// A package of the restore graph and where restore put it in a packages folder:
/// <c>&lt;folder&gt;/&lt;id&gt;/&lt;version&gt;/</c> holding the .nupkg, its .nupkg.sha512, .nupkg.metadata and the extracted files.
/// </summary>
public sealed record CachedPackage(
    string Id,
    string Version,
    string Folder,
    string NupkgPath,
    string Sha512Path,
    string MetadataPath,
    string? RestoredContentHash)
{
    public string DisplayName => Id + " " + Version;
}
