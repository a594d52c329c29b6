using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace PipelineSecurity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The SARIF multitool's validator (<c>@microsoft/sarif-multitool</c> from the npm registry, pinned by
/// tests/tools/sarif/package-lock.json), installed with <c>npm ci</c> into the run's own folder, never globally.
/// <see cref="Validate"/> runs <c>validate --rule-kind Gh</c> (GitHub's ingestion rules) and returns its errors.
/// </summary>
public sealed class SarifValidator
{
    private readonly string _tool;

    private static readonly string Npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    private SarifValidator(string tool) => _tool = tool;

    /// <summary>Null when npm is not on PATH (the caller reports the skip); throws when the install fails.</summary>
    public static SarifValidator? Install(string folder)
    {
        if (Run(Npm, new[] { "--version" }, Path.GetTempPath()) is not { ExitCode: 0 })
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var source = Path.Combine(PackageFixture.RepoRoot, "tests", "tools", "sarif");
        File.Copy(Path.Combine(source, "package.json"), Path.Combine(folder, "package.json"), overwrite: true);
        File.Copy(Path.Combine(source, "package-lock.json"), Path.Combine(folder, "package-lock.json"), overwrite: true);
        var install = Run(Npm, new[] { "ci", "--no-audit", "--no-fund" }, folder);
        if (install is not { ExitCode: 0 })
        {
            throw new InvalidOperationException("npm ci of the SARIF multitool failed:\n" + install?.Output);
        }

        var tool = Path.Combine(folder, "node_modules", ".bin", OperatingSystem.IsWindows() ? "sarif-multitool.cmd" : "sarif-multitool");
        return new SarifValidator(tool);
    }

    /// <summary>The validator's results of level error for <paramref name="sarifFile"/>, as "RULE: message" lines.</summary>
    public IReadOnlyList<string> Validate(string sarifFile)
    {
        var output = sarifFile + ".validation.sarif";
        var run = Run(_tool, new[] { "validate", "--rule-kind", "Gh", "--output", output, sarifFile }, Path.GetDirectoryName(sarifFile)!);
        if (run is null || !File.Exists(output))
        {
            throw new InvalidOperationException("The SARIF multitool did not run:\n" + run?.Output);
        }

        using var log = JsonDocument.Parse(File.ReadAllBytes(output));
        return log.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.TryGetProperty("results", out var results) ? results.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(r => r.TryGetProperty("level", out var level) && level.GetString() == "error")
            .Select(r => r.GetProperty("ruleId").GetString() + ": " + (r.GetProperty("message").TryGetProperty("arguments", out var arguments) ? string.Join(" | ", arguments.EnumerateArray().Select(a => a.GetString())) : ""))
            .Concat(run.Value.Output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)))
            .Distinct()
            .ToArray();
    }

    private static (int ExitCode, string Output)? Run(string file, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "timed out");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
