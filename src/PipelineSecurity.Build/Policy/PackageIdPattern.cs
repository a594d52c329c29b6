using System;
using System.Collections.Generic;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// A package id with <c>*</c> (any run of characters) and <c>?</c> (one character), compared case-insensitively
/// as NuGet compares ids. Matched by a linear two-pointer scan, so no pattern can backtrack catastrophically.
/// </summary>
internal sealed class PackageIdPattern
{
    public PackageIdPattern(string pattern) => Pattern = pattern;

    public string Pattern { get; }

    public bool Matches(string id) => Glob.Matches(Pattern, id, separator: null);

    public override string ToString() => Pattern;
}

/// <summary>
/// A path glob relative to the policy file's folder: <c>**</c> crosses folders, <c>*</c> and <c>?</c> do not.
/// Separators are normalised to '/', and the comparison ignores case so one policy works on every OS.
/// </summary>
internal sealed class PathPattern
{
    public PathPattern(string pattern) => Pattern = pattern.Replace('\\', '/').TrimStart('/');

    public string Pattern { get; }

    public bool Matches(string relativePath) => Glob.Matches(Pattern, relativePath.Replace('\\', '/').TrimStart('/'), separator: '/');
}

internal static class Glob
{
    private enum Kind
    {
        Literal,
        AnyChar,
        Star,
        CrossingStar,
        FolderEntry,
        FolderInside,
    }

    /// <summary>
    /// Simulates the pattern as an automaton over the text, one character at a time: O(pattern × text), no backtracking.
    /// With a separator, '*' and '?' stop at it, '**' crosses it, and '**/' matches zero or more whole folders.
    /// </summary>
    public static bool Matches(string pattern, string text, char? separator)
    {
        var tokens = Tokenize(pattern, separator);
        var current = new bool[tokens.Count + 1];
        var next = new bool[tokens.Count + 1];
        Arrive(tokens, current, 0);
        foreach (var c in text)
        {
            Array.Clear(next, 0, next.Length);
            var any = false;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (!current[i])
                {
                    continue;
                }

                var (kind, literal) = tokens[i];
                switch (kind)
                {
                    case Kind.Literal when char.ToUpperInvariant(literal) == char.ToUpperInvariant(c):
                    case Kind.AnyChar when c != separator:
                        Arrive(tokens, next, i + 1);
                        any = true;
                        break;
                    case Kind.Star when c != separator:
                    case Kind.CrossingStar:
                        Arrive(tokens, next, i);
                        any = true;
                        break;
                    case Kind.FolderInside:
                        next[i] = true;
                        if (c == separator)
                        {
                            Arrive(tokens, next, i + 1);
                        }

                        any = true;
                        break;
                }
            }

            if (!any)
            {
                return false;
            }

            (current, next) = (next, current);
        }

        return current[tokens.Count];
    }

    /// <summary>Marks state <paramref name="index"/> and every state reachable from it without reading a character.</summary>
    private static void Arrive(List<(Kind Kind, char Literal)> tokens, bool[] states, int index)
    {
        while (index <= tokens.Count && !states[index])
        {
            states[index] = true;
            if (index == tokens.Count)
            {
                return;
            }

            switch (tokens[index].Kind)
            {
                case Kind.Star:
                case Kind.CrossingStar:
                    index++;
                    break;
                case Kind.FolderEntry:
                    // Zero folders: skip the inside state too.
                    Arrive(tokens, states, index + 1);
                    index += 2;
                    break;
                default:
                    return;
            }
        }
    }

    private static List<(Kind Kind, char Literal)> Tokenize(string pattern, char? separator)
    {
        var tokens = new List<(Kind, char)>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && separator is { } slash && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                if (i + 2 < pattern.Length && pattern[i + 2] == slash)
                {
                    tokens.Add((Kind.FolderEntry, '\0'));
                    tokens.Add((Kind.FolderInside, '\0'));
                    i += 2;
                }
                else
                {
                    tokens.Add((Kind.CrossingStar, '\0'));
                    i++;
                }
            }
            else if (c == '*')
            {
                tokens.Add((separator is null ? Kind.CrossingStar : Kind.Star, '\0'));
            }
            else if (c == '?')
            {
                tokens.Add((Kind.AnyChar, '\0'));
            }
            else
            {
                tokens.Add((Kind.Literal, c));
            }
        }

        return tokens;
    }
}
