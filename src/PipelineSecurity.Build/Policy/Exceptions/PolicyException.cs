using System;
using System.Collections.Generic;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy.Exceptions;

/// <summary>
/// One excused case. Every field that is set must match a verdict for the exception to apply; at least one of
/// <see cref="Package"/>, <see cref="Advisory"/> and <see cref="Rule"/> is set.
/// </summary>
internal sealed record PolicyException(
    PackageIdPattern? Package,
    VersionRange? Versions,
    string? Advisory,
    string? Rule,
    PathPattern? Path,
    string Justification,
    string Owner,
    DateTime Expires,
    TextPosition Position)
{
    public string Describe()
    {
        var parts = new List<string>();
        if (Rule is not null)
        {
            parts.Add("rule " + Rule);
        }

        if (Advisory is not null)
        {
            parts.Add("advisory " + Advisory);
        }

        if (Package is not null)
        {
            parts.Add("package " + Package.Pattern + (Versions is null ? "" : " " + Versions.ToNormalizedString()));
        }

        if (Path is not null)
        {
            parts.Add("path " + Path.Pattern);
        }

        return string.Join(", ", parts);
    }

    public bool IsExpired(DateTime today) => today.Date > Expires.Date;
}
