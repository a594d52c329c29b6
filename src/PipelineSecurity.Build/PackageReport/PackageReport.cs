using System.Collections.Generic;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>The restored packages of one project, per target framework, as restore resolved them.</summary>
public sealed record PackageReport(string Project, IReadOnlyList<TargetPackages> Targets);

public sealed record TargetPackages(string Framework, IReadOnlyList<RestoredPackage> Packages);

public sealed record RestoredPackage(string Id, string Version, bool Direct, IReadOnlyList<string> Dependencies);
