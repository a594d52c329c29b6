using System;
using System.Collections.Concurrent;
using System.IO;
using Microsoft.Build.Framework;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Advisories;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// MSBuild task: the policy gate's stamp of the advisory database folder (<see cref="AdvisoryDatabaseStamp"/>), taken
/// once per build and MSBuild process however many projects read the folder. It replaces a glob of the folder in every
/// project (a database of 2,000 records in the GitHub layout, a folder each: 74 ms per project on every no-op build).
/// </summary>
public sealed class StampAdvisoryDatabase : PipelineSecurityTask
{
    [Required]
    public string Folder { get; set; } = "";

    /// <summary>Where the folder's last listing is kept (the project's obj folder); empty: walked every time.</summary>
    public string ListingFile { get; set; } = "";

    /// <summary>The clock (tests move it past the settle margin of a folder they just wrote).</summary>
    internal DateTime? NowUtc { get; set; }

    [Output]
    public string Stamp { get; private set; } = "";

    protected override void ExecuteCore()
    {
        var folder = Path.GetFullPath(Folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var stamps = StampsOfThisBuild();
        if (stamps is not null && stamps.TryGetValue(folder, out var known))
        {
            Stamp = known;
            return;
        }

        Stamp = AdvisoryDatabaseStamp.Take(folder, ListingFile, NowUtc ?? DateTime.UtcNow);
        stamps?.TryAdd(folder, Stamp);
        Log.LogMessage(MessageImportance.Low, "PipelineSecurity: advisory database {0} stamped ({1})", folder, Stamp);
    }

    /// <summary>The stamps taken in this build in this process (MSBuild drops them when the build ends: the next one looks again).</summary>
    private ConcurrentDictionary<string, string>? StampsOfThisBuild() =>
        BuildScoped.GetOrCreate(BuildEngine, "PipelineSecurity.AdvisoryDatabaseStamps|" + typeof(StampAdvisoryDatabase).Assembly.Location,
            () => new ConcurrentDictionary<string, string>(StringComparer.Ordinal));
}
