using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Pipelines.Shell;

/// <summary>
/// Finds MSBuild properties set on <c>dotnet</c>/<c>msbuild</c> command lines: <c>-p:A=1;B=2</c>, <c>/p:A=1</c>,
/// <c>-property:A=1</c>, <c>--property:A=1</c>, <c>-p A=1</c>, <c>--property A=1</c> (names are case-insensitive, as MSBuild's).
/// </summary>
internal static class GateSwitches
{
    public static readonly string[] BuildPrograms = { "dotnet", "msbuild" };

    /// <summary>Every (program, verb, property, value, offset) of the script's dotnet/msbuild commands.</summary>
    public static List<(string Verb, string Property, string Value, int Offset)> PropertiesOf(string script)
    {
        var found = new List<(string, string, string, int)>();
        if (script.IndexOf("PipelineSecurity", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return found;
        }

        foreach (var command in ShellScript.Parse(script).AllCommands())
        {
            var index = CommandNames.ProgramIndex(command);
            if (index < 0 || Array.IndexOf(BuildPrograms, CommandNames.Normalize(command.Words[index].Text)) < 0)
            {
                continue;
            }

            var verb = index + 1 < command.Words.Count ? command.Words[index + 1].Text.ToLowerInvariant() : string.Empty;
            if (verb == "nuget" && index + 2 < command.Words.Count)
            {
                verb = "nuget " + command.Words[index + 2].Text.ToLowerInvariant();
            }

            for (var i = index + 1; i < command.Words.Count; i++)
            {
                var word = command.Words[i].Text;
                string? assignments = null;
                foreach (var prefix in new[] { "-p:", "/p:", "-property:", "/property:", "--property:" })
                {
                    if (word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        assignments = word.Substring(prefix.Length);
                        break;
                    }
                }

                if (assignments is null && word is "-p" or "--property" && i + 1 < command.Words.Count)
                {
                    assignments = command.Words[++i].Text;
                }

                if (assignments is null)
                {
                    continue;
                }

                foreach (var assignment in assignments.Split(';', ','))
                {
                    var equals = assignment.IndexOf('=');
                    if (equals > 0)
                    {
                        found.Add((verb, assignment.Substring(0, equals).Trim(), assignment.Substring(equals + 1).Trim().Trim('"', '\''), command.Words[i].Start));
                    }
                }
            }
        }

        return found;
    }
}
