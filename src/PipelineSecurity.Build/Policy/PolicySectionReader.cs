using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.Versioning;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// What every part of the policy parser reads values with: typed accessors over the positioned JSON that record an
/// error at the culprit's line and column (and carry on, so every problem of the file is reported at once) instead of
/// throwing. The shapes here (object with known keys, array, string, boolean, enum) are the schema's building blocks.
/// </summary>
internal sealed class PolicySectionReader
{
    internal PolicySectionReader(string policyFile) => PolicyFile = policyFile;

    /// <summary>The policy file's path, for values relative to it.</summary>
    public string PolicyFile { get; }

    /// <summary>The folder of the policy file (full path).</summary>
    public string PolicyFolder => Path.GetDirectoryName(Path.GetFullPath(PolicyFile)) ?? ".";

    public List<PolicyError> Errors { get; } = new();

    /// <summary>For the schema conformance tests: when set, the known keys of every object read are added to it.</summary>
    internal List<IReadOnlyList<string>>? ShapesSeen { get; set; }

    /// <summary>The members of an object whose keys must all be in <paramref name="knownKeys"/>; null (and an error) when it is not an object.</summary>
    public Dictionary<string, PositionedJson>? Object(PositionedJson node, string what, IReadOnlyList<string> knownKeys)
    {
        if (node is not JsonObjectNode obj)
        {
            Error(node, $"{what} must be an object, not {node.Kind}");
            return null;
        }

        ShapesSeen?.Add(knownKeys);
        var result = new Dictionary<string, PositionedJson>(StringComparer.Ordinal);
        foreach (var property in obj.Properties)
        {
            if (!IsKnown(knownKeys, property.Name))
            {
                var near = knownKeys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                Error(property.NamePosition, $"unknown key '{Shorten(property.Name)}' in {what}" + (near is null ? $"; the keys are: {string.Join(", ", knownKeys)}" : $"; did you mean '{near}'?"));
            }
            else if (result.ContainsKey(property.Name))
            {
                Error(property.NamePosition, $"'{property.Name}' appears twice in {what}");
            }
            else
            {
                result.Add(property.Name, property.Value);
            }
        }

        return result;
    }

    private static bool IsKnown(IReadOnlyList<string> knownKeys, string name)
    {
        for (var i = 0; i < knownKeys.Count; i++)
        {
            if (string.Equals(knownKeys[i], name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<PositionedJson> Array(PositionedJson node, string what)
    {
        if (node is JsonArrayNode array)
        {
            return array.Items;
        }

        Error(node, $"{what} must be an array, not {node.Kind}");
        return System.Array.Empty<PositionedJson>();
    }

    public string? String(PositionedJson node, string what)
    {
        if (node is JsonStringNode text)
        {
            return text.Value;
        }

        Error(node, $"{what} must be a string, not {node.Kind}");
        return null;
    }

    public bool Boolean(PositionedJson node, string what)
    {
        if (node is JsonBooleanNode flag)
        {
            return flag.Value;
        }

        Error(node, $"{what} must be true or false, not {node.Kind}");
        return false;
    }

    public T Enum<T>(PositionedJson node, string what, IReadOnlyDictionary<string, T> values)
    {
        if (node is JsonStringNode text && values.TryGetValue(text.Value, out var value))
        {
            return value;
        }

        Error(node, $"'{what}' must be one of {string.Join(", ", values.Keys.Select(k => "\"" + k + "\""))}, not {(node is JsonStringNode s ? "\"" + Shorten(s.Value) + "\"" : node.Kind)}");
        return values.Values.First();
    }

    /// <summary>A package id or id pattern ('*' and '?' wildcards), as the schema's packageId.</summary>
    public PackageIdPattern? PackageId(PositionedJson node, string what)
    {
        var text = String(node, "a package id in " + what);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0 || text.Length > 256 || text.Any(c => !(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '*' or '?')))
        {
            Error(node, $"'{Shorten(text)}' is not a package id or id pattern (letters, digits, '.', '-', '_', and the wildcards '*' and '?')");
            return null;
        }

        return new PackageIdPattern(text);
    }

    /// <summary>A NuGet version range, as the schema's versionRange.</summary>
    public VersionRange? Range(PositionedJson node)
    {
        var text = String(node, "'versions'");
        if (text is null)
        {
            return null;
        }

        if (!VersionRange.TryParse(text, out var range))
        {
            Error(node, $"'{Shorten(text)}' is not a NuGet version range: write e.g. \"[1.0.0, 2.0.0)\" (1.0.0 up to but not including 2.0.0), \"[1.2.3]\" (exactly) or \"1.0.0\" (1.0.0 or later)");
            return null;
        }

        return range;
    }

    public void Error(PositionedJson node, string message) => Error(node.Position, message);

    public void Error(TextPosition position, string message) => Errors.Add(new PolicyError(message, position));

    /// <summary>Values echoed in messages are cut short: a policy file is not a place for secrets, but it may be garbage.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
