using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace PipelineSecurity.Build.Pipelines.Configuration;

/// <summary>
/// Reads the <c>.editorconfig</c> files that apply to a file, as the EditorConfig specification (and Roslyn) do: every
/// <c>.editorconfig</c> from the file's folder up to the first with <c>root = true</c> (or the repository root), later
/// (nearer) files and later sections winning. Keys and values are compared lower-case.
/// </summary>
internal sealed class EditorConfigFiles
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private readonly string _repositoryRoot;
    private readonly Dictionary<string, Parsed?> _byFolder = new(StringComparer.OrdinalIgnoreCase);

    public EditorConfigFiles(string repositoryRoot) => _repositoryRoot = Path.GetFullPath(repositoryRoot);

    /// <summary>Every .editorconfig read so far (their stamps belong to the check's cache key).</summary>
    public IEnumerable<string> FilesRead
    {
        get
        {
            foreach (var parsed in _byFolder.Values)
            {
                if (parsed is not null)
                {
                    yield return parsed.Path;
                }
            }
        }
    }

    public Dictionary<string, string> OptionsFor(string fullPath)
    {
        var chain = new List<Parsed>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(fullPath));
        while (folder is not null)
        {
            var parsed = Load(folder);
            if (parsed is not null)
            {
                chain.Add(parsed);
                if (parsed.IsRoot)
                {
                    break;
                }
            }

            if (string.Equals(folder.TrimEnd(Path.DirectorySeparatorChar), _repositoryRoot.TrimEnd(Path.DirectorySeparatorChar), StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            folder = Path.GetDirectoryName(folder);
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var parsed = chain[i];
            var relative = fullPath.Substring(parsed.Folder.Length).Replace('\\', '/').TrimStart('/');
            foreach (var section in parsed.Sections)
            {
                if (section.Matches(relative))
                {
                    foreach (var pair in section.Values)
                    {
                        options[pair.Key] = pair.Value;
                    }
                }
            }
        }

        return options;
    }

    private Parsed? Load(string folder)
    {
        if (_byFolder.TryGetValue(folder, out var cached))
        {
            return cached;
        }

        Parsed? parsed = null;
        var path = Path.Combine(folder, ".editorconfig");
        try
        {
            if (File.Exists(path) && new FileInfo(path).Length < 1_000_000)
            {
                parsed = Parse(path, folder, File.ReadAllText(path));
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            parsed = null;
        }

        _byFolder[folder] = parsed;
        return parsed;
    }

    internal static Parsed Parse(string path, string folder, string text)
    {
        var parsed = new Parsed(path, folder.TrimEnd(Path.DirectorySeparatorChar, '/'));
        Section? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[line.Length - 1] == ']')
            {
                current = new Section(line.Substring(1, line.Length - 2));
                parsed.Sections.Add(current);
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = line.Substring(0, equals).Trim().ToLowerInvariant();
            var value = line.Substring(equals + 1).Trim();
            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0)
            {
                value = value.Substring(0, comment).TrimEnd();
            }

            if (current is null)
            {
                if (key == "root" && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
                {
                    parsed.IsRoot = true;
                }
            }
            else
            {
                current.Values[key] = value;
            }
        }

        return parsed;
    }

    internal sealed class Parsed
    {
        public Parsed(string path, string folder)
        {
            Path = path;
            Folder = folder;
        }

        public string Path { get; }

        public string Folder { get; }

        public bool IsRoot { get; set; }

        public List<Section> Sections { get; } = new();
    }

    internal sealed class Section
    {
        private readonly Regex? _matcher;

        public Section(string glob)
        {
            Glob = glob;
            try
            {
                _matcher = new Regex(ToRegex(glob), RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException)
            {
                _matcher = null;
            }
        }

        public string Glob { get; }

        public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Matches(string relativePath)
        {
            try
            {
                return _matcher is not null && _matcher.IsMatch(relativePath);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        /// <summary>EditorConfig globs: <c>*</c>, <c>**</c>, <c>?</c>, <c>[set]</c>, <c>[!set]</c>, <c>{a,b}</c>; no slash = any folder.</summary>
        internal static string ToRegex(string glob)
        {
            var pattern = new StringBuilder("^");
            if (glob.IndexOf('/') < 0)
            {
                pattern.Append("(?:.*/)?");
            }
            else if (glob.StartsWith("/", StringComparison.Ordinal))
            {
                glob = glob.Substring(1);
            }

            var braces = 0;
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                switch (c)
                {
                    case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                        pattern.Append(".*");
                        i++;
                        break;
                    case '*':
                        pattern.Append("[^/]*");
                        break;
                    case '?':
                        pattern.Append("[^/]");
                        break;
                    case '[':
                        var close = glob.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            pattern.Append("\\[");
                            break;
                        }

                        var set = glob.Substring(i + 1, close - i - 1);
                        pattern.Append('[').Append(set.StartsWith("!", StringComparison.Ordinal) ? "^" + Regex.Escape(set.Substring(1)) : Regex.Escape(set)).Append(']');
                        i = close;
                        break;
                    case '{':
                        braces++;
                        pattern.Append("(?:");
                        break;
                    case '}' when braces > 0:
                        braces--;
                        pattern.Append(')');
                        break;
                    case ',' when braces > 0:
                        pattern.Append('|');
                        break;
                    case '\\' when i + 1 < glob.Length:
                        pattern.Append(Regex.Escape(glob[++i].ToString()));
                        break;
                    default:
                        pattern.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return pattern.Append('$').ToString();
        }
    }
}
