using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace PipelineSecurity.Tests.Shared;

/// <summary>What a `dotnet` command printed and how it ended.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"> {CommandLine}\nexit code {ExitCode}\n{Output}";

    /// <summary>For set-up steps: a failing command fails the test with everything it printed.</summary>
    public CommandResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException("A set-up command failed:\n" + this);
}

/// <summary>
/// Runs the real `dotnet` CLI, with the test host's MSBuild environment removed so the child build is a user's build.
/// Compiled into every test project that runs the CLI (tests/Shared).
/// </summary>
public static class DotNetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    public static CommandResult Run(string workingDirectory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands MSBuild variables to its children; a consumer's build must not inherit them.
        foreach (var key in new List<string>(start.Environment.Keys))
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("_MSBuild", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {Timeout}:\n{output}");
        }

        process.WaitForExit();
        return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, output.ToString());
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
