using System;
using System.Linq;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>Builds a <see cref="PackageReport"/> from the restored graph: the target of each framework (no runtime-specific ones), sorted by name.</summary>
internal static class PackageReportBuilder
{
    public static PackageReport Build(string projectName, RestoredGraph graph) =>
        new(projectName, graph.FrameworkTargets.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray());
}
