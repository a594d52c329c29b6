using System;
using System.IO;
using System.Threading;

namespace PipelineSecurity.Build.Pipelines.State;

/// <summary>
/// Decides which project of a solution reports the repository-level findings, so that a build of many projects
/// (in parallel with <c>-m</c>, in several MSBuild processes) reports each finding once. The state folder is keyed by
/// the repository root and the solution being built (the project itself when it is built alone); its claim file names
/// the owning project (path and target framework). The first project to take the claim file's exclusive lock when no
/// valid claim exists becomes the owner; every later build lets the owner report again (from the result cache) and
/// the others skip. A claim is renewed when the solution file changes or the owning project file disappears.
/// </summary>
internal static class SolutionBuildClaim
{
    private const string ClaimFile = "claim.txt";
    private const string LockFile = "claim.lock";

    /// <summary>The state folder of one (repository, solution) pair.</summary>
    public static string StateFolder(string stateRoot, string repositoryRoot, string solutionKey) =>
        Path.Combine(stateRoot, "ci-" + Hashing.Short(Normalize(repositoryRoot) + "|" + Normalize(solutionKey)));

    /// <summary>Whether the project <paramref name="owner"/> (path|framework) reports; takes the claim when none is valid.</summary>
    public static bool TryClaim(string stateFolder, string owner, string ownerProjectFile, string solutionFingerprint, TimeSpan wait)
    {
        var claimPath = Path.Combine(stateFolder, ClaimFile);

        // A valid claim is read without the lock (every build after the first): the file is only ever replaced whole.
        if (ValidClaim(claimPath, solutionFingerprint) is { } owned)
        {
            return string.Equals(owned, owner, StringComparison.Ordinal);
        }

        Directory.CreateDirectory(stateFolder);
        using var claimLock = AcquireLock(Path.Combine(stateFolder, LockFile), wait);
        if (claimLock is null)
        {
            // Another build held the lock too long: report rather than risk reporting nothing.
            return true;
        }

        if (ValidClaim(claimPath, solutionFingerprint) is { } claimed)
        {
            return string.Equals(claimed, owner, StringComparison.Ordinal);
        }

        var temporary = claimPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.WriteAllLines(temporary, new[] { owner, solutionFingerprint, ownerProjectFile });
        if (File.Exists(claimPath))
        {
            File.Delete(claimPath);
        }

        File.Move(temporary, claimPath);
        return true;
    }

    /// <summary>The owner named by the claim file when it is for this solution and its project still exists; otherwise null.</summary>
    private static string? ValidClaim(string claimPath, string solutionFingerprint)
    {
        // Read as the tasks' other work files are: a regular file only, never waited on (a FIFO in its place is no claim).
        var claim = Infrastructure.WorkCache.TryReadText(claimPath)?.Split(new[] { "\r\n", "\n" }, StringSplitOptions.None) ?? Array.Empty<string>();
        return claim.Length >= 3 && claim[1] == solutionFingerprint && File.Exists(claim[2]) ? claim[0] : null;
    }

    /// <summary>Length and write time of the solution file (a changed solution may have lost its owner), or the key itself.</summary>
    public static string Fingerprint(string solutionKey)
    {
        try
        {
            var info = new FileInfo(solutionKey);
            return info.Exists ? info.Length + ":" + info.LastWriteTimeUtc.Ticks : solutionKey;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return solutionKey;
        }
    }

    private static FileStream? AcquireLock(string path, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');
}
