using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Shell;

/// <summary>
/// Finds code downloaded and executed in one go, so that nothing can verify it first: a download piped into an
/// interpreter that reads its program from standard input (<c>curl … | sudo bash</c>, <c>iwr … | iex</c>), an
/// interpreter given a download through a substitution (<c>bash &lt;(curl …)</c>, <c>sh -c "$(curl …)"</c>,
/// <c>eval "$(wget -qO- …)"</c>), and PowerShell's <c>iex (iwr …)</c> / <c>Invoke-Expression (…DownloadString(…))</c>.
/// </summary>
internal static class RemoteScriptDetector
{
    /// <summary>Offsets (in the script) of the commands that execute downloaded code, with the downloader's name.</summary>
    public static List<(int Offset, string Downloader, string Interpreter)> Find(string script)
    {
        var found = new List<(int, string, string)>();
        if (script.Length > 1_000_000 || !MayDownload(script))
        {
            return found;
        }

        var parsed = ShellScript.Parse(script);
        foreach (var pipeline in parsed.AllPipelines())
        {
            string? downloader = null;
            ShellCommand? first = null;
            foreach (var command in pipeline.Commands)
            {
                var program = CommandNames.Program(command);
                if (downloader is null && CommandNames.IsDownloader(program))
                {
                    downloader = program;
                    first = command;
                }
                else if (downloader is not null && CommandNames.IsInterpreter(program) && ReadsProgramFromInput(command, program))
                {
                    found.Add((first!.Start, downloader, program));
                    break;
                }
            }
        }

        foreach (var command in parsed.AllCommands())
        {
            var index = CommandNames.ProgramIndex(command);
            if (index < 0)
            {
                continue;
            }

            var program = CommandNames.Normalize(command.Words[index].Text);
            if (!CommandNames.IsInterpreter(program))
            {
                continue;
            }

            for (var w = index; w < command.Words.Count; w++)
            {
                var word = command.Words[w];
                var nestedDownloader = NestedDownloader(word);
                if (nestedDownloader is null && program is "iex" or "invoke-expression" or "powershell" or "pwsh")
                {
                    nestedDownloader = PowerShellDownload(word.Text);
                }

                if (nestedDownloader is not null)
                {
                    found.Add((command.Start, nestedDownloader, program));
                    break;
                }
            }
        }

        return found;
    }

    private static bool MayDownload(string script) =>
        script.IndexOf("curl", StringComparison.OrdinalIgnoreCase) >= 0
        || script.IndexOf("wget", StringComparison.OrdinalIgnoreCase) >= 0
        || script.IndexOf("iwr", StringComparison.OrdinalIgnoreCase) >= 0
        || script.IndexOf("irm", StringComparison.OrdinalIgnoreCase) >= 0
        || script.IndexOf("Invoke-", StringComparison.OrdinalIgnoreCase) >= 0
        || script.IndexOf("Download", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// An interpreter at the end of a pipe runs what it reads unless it was given a script file or <c>-c</c> code:
    /// <c>bash</c>, <c>bash -s -- args</c>, <c>python3 -</c> read the program from the pipe; <c>bash build.sh</c> does not.
    /// </summary>
    private static bool ReadsProgramFromInput(ShellCommand command, string program)
    {
        if (program is "iex" or "invoke-expression")
        {
            return true;
        }

        if (program is "source" or "." or "eval")
        {
            return false;
        }

        var index = CommandNames.ProgramIndex(command);
        for (var i = index + 1; i < command.Words.Count; i++)
        {
            var word = command.Words[i].Text;
            if (word is "-" or "-s" or "--")
            {
                return true;
            }

            if (word is "-c" or "-e" or "-Command" or "-command" or "-File" or "-file" or "-m")
            {
                return false;
            }

            if (word.StartsWith("-", StringComparison.Ordinal))
            {
                continue;
            }

            if (word.StartsWith(">", StringComparison.Ordinal) || word.StartsWith("<", StringComparison.Ordinal) || word.StartsWith("2>", StringComparison.Ordinal))
            {
                return true;
            }

            return false;
        }

        return true;
    }

    private static string? NestedDownloader(ShellWord word)
    {
        foreach (var nested in word.Substitutions)
        {
            foreach (var command in nested.AllCommands())
            {
                var program = CommandNames.Program(command);
                if (CommandNames.IsDownloader(program))
                {
                    return program;
                }
            }
        }

        return null;
    }

    /// <summary>PowerShell's <c>iex (iwr …)</c>: the argument words hold a downloader call or a WebClient download.</summary>
    private static string? PowerShellDownload(string word)
    {
        if (word.IndexOf("DownloadString", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return "WebClient.DownloadString";
        }

        var name = CommandNames.Normalize(word);
        return CommandNames.IsDownloader(name) ? name : null;
    }
}
