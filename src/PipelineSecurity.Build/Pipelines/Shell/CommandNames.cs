using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Shell;

/// <summary>What a command is, from its name: wrappers (<c>sudo</c>, <c>env</c>) skipped, paths and <c>.exe</c> removed.</summary>
internal static class CommandNames
{
    private static readonly HashSet<string> Downloaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "curl", "wget", "iwr", "irm", "invoke-webrequest", "invoke-restmethod",
    };

    private static readonly HashSet<string> Interpreters = new(StringComparer.OrdinalIgnoreCase)
    {
        "sh", "bash", "zsh", "dash", "ksh", "fish", "python", "python2", "python3", "perl", "ruby", "node", "php", "pwsh",
        "powershell", "iex", "invoke-expression", "source", ".", "eval",
    };

    /// <summary>The index of the word that is the command's program, past <c>sudo</c>/<c>env</c>/<c>time</c> and assignments; -1 if none.</summary>
    public static int ProgramIndex(ShellCommand command)
    {
        var words = command.Words;
        var i = 0;
        while (i < words.Count)
        {
            var name = Normalize(words[i].Text);
            if (name.Length == 0 || IsAssignment(words[i].Text))
            {
                i++;
                continue;
            }

            if (name is "sudo" or "env" or "time" or "exec" or "nohup" or "command" or "doas")
            {
                i++;
                // Options of the wrapper: sudo -E -u user, env -i.
                while (i < words.Count && words[i].Text.StartsWith("-", StringComparison.Ordinal))
                {
                    i += words[i].Text is "-u" or "-g" or "-C" or "-h" ? 2 : 1;
                }

                continue;
            }

            return i;
        }

        return -1;
    }

    public static string Program(ShellCommand command)
    {
        var index = ProgramIndex(command);
        return index < 0 ? string.Empty : Normalize(command.Words[index].Text);
    }

    public static bool IsDownloader(string program) => Downloaders.Contains(program);

    public static bool IsInterpreter(string program) => Interpreters.Contains(program);

    /// <summary><c>/usr/bin/curl</c> → <c>curl</c>; <c>(iwr</c> → <c>iwr</c>; <c>curl.exe</c> → <c>curl</c>; lower case.</summary>
    public static string Normalize(string word)
    {
        var name = word.Trim('(', ')', '{', '}', '&', ' ');
        var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        if (slash >= 0 && slash < name.Length - 1)
        {
            name = name.Substring(slash + 1);
        }

        if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(0, name.Length - 4);
        }

        return name.ToLowerInvariant();
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        for (var i = 0; i < equals; i++)
        {
            if (!(char.IsLetterOrDigit(word[i]) || word[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
