using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Sbom;

/// <summary>What <see cref="SbomBuilder"/> needs, free of MSBuild types.</summary>
public sealed record SbomRequest
{
    /// <summary>The project's package id (defaults to its assembly name in MSBuild).</summary>
    public string ProjectName { get; init; } = "";

    public string ProjectVersion { get; init; } = "";

    /// <summary>CycloneDX type of the project itself: <c>application</c> for executables, else <c>library</c>.</summary>
    public string ProjectType { get; init; } = "library";

    /// <summary>Folders to look for packages in, in order; empty means the folders restore recorded (the graph's own).</summary>
    public IReadOnlyList<string> PackageFolders { get; init; } = Array.Empty<string>();

    public string ToolVersion { get; init; } = "";

    /// <summary>Hash each cached nupkg's bytes instead of using the hash restore recorded beside it.</summary>
    public bool HashPackageFiles { get; init; }

    /// <summary>No timestamp and a serial number derived from the content: identical inputs give identical bytes.</summary>
    public bool Deterministic { get; init; }

    /// <summary>Time written to <c>metadata.timestamp</c> when not deterministic.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}
