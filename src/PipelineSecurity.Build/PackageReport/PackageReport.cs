using System.Collections.Generic;
using PipelineSecurity.Build.Restore;

namespace PipelineSecurity.Build.PackageReport;

/// <summary>The restored packages of one project, per target framework, as restore resolved them: a view of the <see cref="RestoredGraph"/>.</summary>
internal sealed record PackageReport(string Project, IReadOnlyList<RestoredTarget> Targets);
