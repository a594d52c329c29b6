using System;
using System.Collections.Generic;
using NuGet.Versioning;

namespace PipelineSecurity.Build.Policy.Advisories;

/// <summary>One OSV record, reduced to what matching needs: its NuGet packages and their affected versions.</summary>
internal sealed record OsvAdvisory(
    string Id,
    IReadOnlyList<string> Aliases,
    string Summary,
    AdvisorySeverity Severity,
    bool Withdrawn,
    IReadOnlyList<OsvAffectedPackage> Affected,
    string SourceFile)
{
    /// <summary>Whether <paramref name="id"/> names this advisory, by its id or one of its aliases (e.g. a CVE).</summary>
    public bool IsKnownAs(string id)
    {
        if (string.Equals(Id, id, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var alias in Aliases)
        {
            if (string.Equals(alias, id, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A NuGet package named by an OSV record, with its ECOSYSTEM ranges and explicit version list.</summary>
internal sealed record OsvAffectedPackage(string Name, IReadOnlyList<OsvRange> Ranges, IReadOnlyList<NuGetVersion> Versions)
{
    public bool Affects(NuGetVersion version)
    {
        foreach (var listed in Versions)
        {
            if (VersionComparer.Default.Equals(listed, version))
            {
                return true;
            }
        }

        foreach (var range in Ranges)
        {
            if (range.Contains(version))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// An OSV ECOSYSTEM range: its events sorted by version; a version is affected when the last event at or below it is an
/// "introduced", unless that event is exactly a "fixed" (exclusive bound) or it lies above a "last_affected" (inclusive).
/// </summary>
internal sealed record OsvRange(IReadOnlyList<OsvEvent> Events)
{
    public bool Contains(NuGetVersion version)
    {
        // OSV semantics: walk the events in version order, tracking whether we are inside an affected interval.
        var affected = false;
        foreach (var e in Events)
        {
            var compare = e.Version is null ? -1 : VersionComparer.Default.Compare(e.Version, version);
            switch (e.Kind)
            {
                case OsvEventKind.Introduced when compare <= 0:
                    affected = true;
                    break;
                case OsvEventKind.Fixed when compare <= 0:
                    affected = false;
                    break;
                case OsvEventKind.LastAffected when compare < 0:
                    affected = false;
                    break;
                case OsvEventKind.Limit when compare <= 0:
                    affected = false;
                    break;
            }
        }

        return affected;
    }
}

internal enum OsvEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>One event; <see cref="Version"/> is null for "introduced": "0" (every version from the first).</summary>
internal sealed record OsvEvent(OsvEventKind Kind, NuGetVersion? Version);
