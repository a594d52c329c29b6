using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using PipelineSecurity.Build.Infrastructure;
using PipelineSecurity.Build.Policy.Checks;
using PipelineSecurity.Build.Policy.Exceptions;
using PipelineSecurity.Build.Policy.Json;

namespace PipelineSecurity.Build.Policy;

/// <summary>
/// Reads pipeline-security.json strictly: unknown keys, wrong types, bad ranges, licences, dates and duplicates are
/// all errors with the line and column of the culprit (collected, not just the first), so nothing is silently ignored.
/// This file reads the file-level keys; each check reads its own sections (<see cref="IPolicyCheck.ReadRules"/>) and
/// <see cref="ExceptionPass"/> the exceptions. The accepted shape is the one in build/pipeline-security.schema.json:
/// PolicySchemaConformanceTests walk every node of the schema and prove the parser accepts and refuses the same files.
/// </summary>
internal static class PolicyFileParser
{
    public const int CurrentVersion = 1;

    public static PolicyDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            // Not a regular file, over PipelineSecurityPolicyFileMaxBytes, or too slow: InputRefusedException (PSF0010-PSF0013).
            bytes = InputFile.ReadAllBytes(path, InputKind.PolicyFile);
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PolicyFileException(path, new[] { new PolicyError("the policy file does not exist", new TextPosition(0, 0)) });
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException(path, new[] { new PolicyError("the file cannot be read: " + failure.Message, new TextPosition(0, 0)) });
        }

        return Parse(path, bytes);
    }

    public static PolicyDocument Parse(string path, byte[] utf8) => Parse(path, utf8, shapesSeen: null);

    /// <summary>Parses, adding the known keys of every object read to <paramref name="shapesSeen"/> (schema conformance tests).</summary>
    internal static PolicyDocument Parse(string path, byte[] utf8, List<IReadOnlyList<string>>? shapesSeen)
    {
        PositionedJson root;
        try
        {
            root = PositionedJsonReader.Read(utf8);
        }
        catch (JsonSyntaxException syntax)
        {
            throw new PolicyFileException(path, new[] { new PolicyError("not valid JSON: " + syntax.Message, syntax.Position) });
        }

        var reader = new PolicySectionReader(path) { ShapesSeen = shapesSeen };
        var document = Document(reader, root);
        if (reader.Errors.Count > 0 || document is null)
        {
            throw new PolicyFileException(path, reader.Errors);
        }

        return document;
    }

    /// <summary>The file-level keys; every other top-level key belongs to a check (<see cref="PolicyCheckList"/>) or to the exceptions.</summary>
    private static readonly string[] FileKeys = { "$schema", "version", "mode" };

    /// <summary>Every top-level key the file may have: the file-level ones, each check's sections in order, then "exceptions".</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } = FileKeys
        .Concat(PolicyCheckList.All.SelectMany(c => c.Sections))
        .Concat(new[] { ExceptionPass.Section })
        .ToArray();

    private static readonly Dictionary<string, PolicyMode> Modes = new() { ["audit"] = PolicyMode.Audit, ["enforce"] = PolicyMode.Enforce };

    private static PolicyDocument? Document(PolicySectionReader reader, PositionedJson root)
    {
        if (reader.Object(root, "the policy", TopLevelKeys) is not { } top)
        {
            return null;
        }

        var version = 0;
        if (top.TryGetValue("version", out var versionNode))
        {
            if (versionNode is JsonNumberNode number && int.TryParse(number.RawText, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                version = v;
                if (v != CurrentVersion)
                {
                    reader.Error(versionNode, $"'version' is {v}; this PipelineSecurity reads version {CurrentVersion}. Upgrade the package or write version {CurrentVersion}");
                }
            }
            else
            {
                reader.Error(versionNode, $"'version' must be the number {CurrentVersion}");
            }
        }
        else
        {
            reader.Error(root, $"'version' is missing: add \"version\": {CurrentVersion}");
        }

        var mode = top.TryGetValue("mode", out var modeNode) ? reader.Enum(modeNode, "mode", Modes) : PolicyMode.Audit;
        if (top.TryGetValue("$schema", out var schemaNode) && schemaNode is not JsonStringNode)
        {
            reader.Error(schemaNode, "'$schema' must be a string (the schema's path or URL)");
        }

        // Each check reads the sections it owns, in registration order (so errors come in the file's documented order).
        var rules = new List<object>(PolicyCheckList.All.Count);
        foreach (var check in PolicyCheckList.All)
        {
            if (check.ReadRules(reader, top) is { } checkRules)
            {
                rules.Add(checkRules);
            }
        }

        var exceptions = top.TryGetValue(ExceptionPass.Section, out var exceptionsNode) ? ExceptionPass.Read(reader, exceptionsNode) : System.Array.Empty<PolicyException>();
        return new PolicyDocument(reader.PolicyFile, version, mode, rules, exceptions);
    }
}

internal sealed record PolicyError(string Message, TextPosition Position);

/// <summary>The policy file is missing, unreadable or wrong; <see cref="Errors"/> lists every problem with its position.</summary>
internal sealed class PolicyFileException : Exception
{
    public PolicyFileException(string path, IReadOnlyList<PolicyError> errors)
        : base($"The policy file '{path}' is not valid: {errors.FirstOrDefault()?.Message}")
    {
        FilePath = path;
        Errors = errors;
    }

    public string FilePath { get; }

    public IReadOnlyList<PolicyError> Errors { get; }
}
