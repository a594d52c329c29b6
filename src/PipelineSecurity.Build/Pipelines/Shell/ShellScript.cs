using System;
using System.Collections.Generic;
using System.Text;

namespace PipelineSecurity.Build.Pipelines.Shell;

/// <summary>A word of a command line: its value with quotes removed, where it starts, and the scripts nested in it.</summary>
internal sealed class ShellWord
{
    public ShellWord(string text, int start, List<ShellScript> substitutions)
    {
        Text = text;
        Start = start;
        Substitutions = substitutions;
    }

    public string Text { get; }

    public int Start { get; }

    /// <summary>Command substitutions <c>$(…)</c>, <c>`…`</c> and process substitutions <c>&lt;(…)</c> inside the word.</summary>
    public List<ShellScript> Substitutions { get; }
}

/// <summary>A simple command: its words (assignments and redirections included as words).</summary>
internal sealed class ShellCommand
{
    public ShellCommand(List<ShellWord> words) => Words = words;

    public List<ShellWord> Words { get; }

    public int Start => Words.Count > 0 ? Words[0].Start : 0;
}

/// <summary>Commands joined by <c>|</c>.</summary>
internal sealed class ShellPipeline
{
    public List<ShellCommand> Commands { get; } = new();
}

/// <summary>
/// A tolerant tokenizer for the POSIX shell (and the PowerShell subset that shares its shape) as written in CI steps:
/// quotes, escapes, line continuations, comments, <c>|</c> <c>||</c> <c>&amp;&amp;</c> <c>;</c> <c>&amp;</c> and newlines
/// as separators, and nested <c>$(…)</c> / <c>`…`</c> / <c>&lt;(…)</c> scripts parsed recursively. Linear in the text's
/// length per nesting level (nesting depth bounded); it never fails, an unterminated quote just ends the script.
/// </summary>
internal sealed class ShellScript
{
    private const int MaximumNesting = 8;

    private ShellScript(int offset) => Offset = offset;

    /// <summary>Where this script starts in the outermost script (nested scripts are offset).</summary>
    public int Offset { get; }

    public List<ShellPipeline> Pipelines { get; } = new();

    public static ShellScript Parse(string text) => Parse(text, 0, text.Length, 0, 0);

    /// <summary>Every command of the script and of the scripts nested in its words, outermost first.</summary>
    public IEnumerable<ShellCommand> AllCommands()
    {
        foreach (var pipeline in Pipelines)
        {
            foreach (var command in pipeline.Commands)
            {
                yield return command;
                foreach (var word in command.Words)
                {
                    foreach (var nested in word.Substitutions)
                    {
                        foreach (var inner in nested.AllCommands())
                        {
                            yield return inner;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Every pipeline of the script and of nested scripts.</summary>
    public IEnumerable<ShellPipeline> AllPipelines()
    {
        foreach (var pipeline in Pipelines)
        {
            yield return pipeline;
            foreach (var command in pipeline.Commands)
            {
                foreach (var word in command.Words)
                {
                    foreach (var nested in word.Substitutions)
                    {
                        foreach (var inner in nested.AllPipelines())
                        {
                            yield return inner;
                        }
                    }
                }
            }
        }
    }

    private static ShellScript Parse(string text, int start, int end, int baseOffset, int depth)
    {
        var script = new ShellScript(baseOffset);
        var pipeline = new ShellPipeline();
        var words = new List<ShellWord>();
        var word = new StringBuilder();
        var substitutions = new List<ShellScript>();
        var wordStart = -1;
        var i = start;

        void EndWord()
        {
            if (wordStart >= 0)
            {
                words.Add(new ShellWord(word.ToString(), wordStart, substitutions));
                word.Clear();
                substitutions = new List<ShellScript>();
                wordStart = -1;
            }
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0)
            {
                pipeline.Commands.Add(new ShellCommand(words));
                words = new List<ShellWord>();
            }
        }

        void EndPipeline()
        {
            EndCommand();
            if (pipeline.Commands.Count > 0)
            {
                script.Pipelines.Add(pipeline);
                pipeline = new ShellPipeline();
            }
        }

        void StartWord(int at)
        {
            if (wordStart < 0)
            {
                wordStart = baseOffset + at - start;
            }
        }

        while (i < end)
        {
            var c = text[i];
            var next = i + 1 < end ? text[i + 1] : '\0';
            switch (c)
            {
                case '\\' when next == '\n' || (next == '\r' && i + 2 < end && text[i + 2] == '\n'):
                    i += next == '\r' ? 3 : 2;
                    continue;
                case '`' when next == '\n' || next == '\r':
                    // PowerShell's line continuation.
                    i += next == '\r' && i + 2 < end && text[i + 2] == '\n' ? 3 : 2;
                    continue;
                case '\\':
                    StartWord(i);
                    if (next != '\0')
                    {
                        word.Append(next);
                    }

                    i += 2;
                    continue;
                case ' ' or '\t' or '\r':
                    EndWord();
                    i++;
                    continue;
                case '\n' or ';':
                    EndPipeline();
                    i++;
                    continue;
                case '&' when next == '&':
                case '|' when next == '|':
                    EndPipeline();
                    i += 2;
                    continue;
                case '&' when next != '>':
                    EndPipeline();
                    i++;
                    continue;
                case '|':
                    EndCommand();
                    i += next == '&' ? 2 : 1;
                    continue;
                case '#' when wordStart < 0:
                    while (i < end && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '\'':
                    StartWord(i);
                    var close = text.IndexOf('\'', i + 1, end - i - 1);
                    close = close < 0 ? end : close;
                    word.Append(text, i + 1, close - i - 1);
                    i = close + 1;
                    continue;
                case '"':
                    StartWord(i);
                    i = ReadDoubleQuoted(text, i + 1, end, start, baseOffset, depth, word, substitutions);
                    continue;
                case '$' when next == '(':
                case '<' when next == '(':
                case '>' when next == '(':
                    StartWord(i);
                    i = ReadSubstitution(text, i + 2, end, start, baseOffset, depth, word, substitutions);
                    continue;
                case '`':
                    StartWord(i);
                    var tick = text.IndexOf('`', i + 1, end - i - 1);
                    tick = tick < 0 ? end : tick;
                    if (depth < MaximumNesting)
                    {
                        substitutions.Add(Parse(text, i + 1, tick, baseOffset + i + 1 - start, depth + 1));
                    }

                    word.Append(text, i, Math.Min(tick + 1, end) - i);
                    i = tick + 1;
                    continue;
                default:
                    StartWord(i);
                    word.Append(c);
                    i++;
                    continue;
            }
        }

        EndPipeline();
        return script;
    }

    private static int ReadDoubleQuoted(string text, int i, int end, int start, int baseOffset, int depth, StringBuilder word, List<ShellScript> substitutions)
    {
        while (i < end)
        {
            var c = text[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '\\' && i + 1 < end)
            {
                word.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '$' && i + 1 < end && text[i + 1] == '(')
            {
                i = ReadSubstitution(text, i + 2, end, start, baseOffset, depth, word, substitutions);
                continue;
            }

            if (c == '`')
            {
                var tick = text.IndexOf('`', i + 1, end - i - 1);
                tick = tick < 0 ? end : tick;
                if (depth < MaximumNesting)
                {
                    substitutions.Add(Parse(text, i + 1, tick, baseOffset + i + 1 - start, depth + 1));
                }

                word.Append(text, i, Math.Min(tick + 1, end) - i);
                i = tick + 1;
                continue;
            }

            word.Append(c);
            i++;
        }

        return end;
    }

    /// <summary>Reads up to the parenthesis closing a <c>$(</c>/<c>&lt;(</c> opened just before <paramref name="i"/>.</summary>
    private static int ReadSubstitution(string text, int i, int end, int start, int baseOffset, int depth, StringBuilder word, List<ShellScript> substitutions)
    {
        var open = i;
        var level = 1;
        var quote = '\0';
        while (i < end)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                level++;
            }
            else if (c == ')' && --level == 0)
            {
                break;
            }

            i++;
        }

        if (depth < MaximumNesting)
        {
            substitutions.Add(Parse(text, open, i, baseOffset + open - start, depth + 1));
        }

        word.Append("$(").Append(text, open, i - open).Append(')');
        return Math.Min(i + 1, end);
    }
}
