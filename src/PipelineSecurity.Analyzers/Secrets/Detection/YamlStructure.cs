using System.Collections.Generic;

namespace PipelineSecurity.Analyzers.Secrets.Detection;

/// <summary>What the lines above say about one YAML line: whether it is in a Kubernetes Secret's base64 <c>data</c>,
/// and the secret-named map it belongs to (<c>stringData:</c>, <c>credentials:</c>, <c>secrets:</c>), if any.</summary>
internal readonly struct YamlContext
{
    public YamlContext(bool isKubernetesSecretData, string? secretParent)
    {
        IsKubernetesSecretData = isKubernetesSecretData;
        SecretParent = secretParent;
    }

    public bool IsKubernetesSecretData { get; }

    public string? SecretParent { get; }
}

/// <summary>
/// Follows a YAML file's block structure line by line (indentation, <c>---</c> documents, block scalars) with a stack of
/// the open keys: no parser, no allocation per line beyond the keys, linear time. It knows a document is a Kubernetes
/// <c>Secret</c> from its top-level <c>kind: Secret</c>, wherever that line is in the document.
/// </summary>
internal sealed class YamlStructure
{
    private readonly List<(int Indent, string Key, bool Block)> _open = new();
    private readonly List<(int Start, bool IsSecret)> _documents = new();
    private int _document;

    public YamlStructure(string text)
    {
        _documents.Add((0, false));
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? text.Length : newline;
            if (CharClass.StartsWith(text, lineStart, "---"))
            {
                _documents.Add((lineStart, false));
            }
            else if (CharClass.StartsWith(text, lineStart, "kind:") && IsSecretKind(text, lineStart + 5, lineEnd))
            {
                _documents[_documents.Count - 1] = (_documents[_documents.Count - 1].Start, true);
            }

            lineStart = lineEnd + 1;
        }
    }

    /// <summary>Moves to the line [start, end) and returns its context.</summary>
    public YamlContext Enter(string text, int start, int end)
    {
        while (_document + 1 < _documents.Count && _documents[_document + 1].Start <= start)
        {
            _document++;
            _open.Clear();
        }

        var indent = 0;
        while (start + indent < end && text[start + indent] == ' ')
        {
            indent++;
        }

        var content = start + indent;
        if (content >= end || text[content] == '#')
        {
            return Current(blockContent: false);
        }

        // Lines of a block scalar (key: | …) are text, not structure.
        if (_open.Count > 0 && _open[_open.Count - 1].Block && indent > _open[_open.Count - 1].Indent)
        {
            return Current(blockContent: true);
        }

        while (_open.Count > 0 && _open[_open.Count - 1].Indent >= indent)
        {
            _open.RemoveAt(_open.Count - 1);
        }

        // "- key: …" opens a map whose keys are indented past the dash.
        var keyStart = content;
        while (keyStart + 1 < end && text[keyStart] == '-' && text[keyStart + 1] == ' ')
        {
            keyStart += 2;
            while (keyStart < end && text[keyStart] == ' ')
            {
                keyStart++;
            }
        }

        var context = Current(blockContent: false);
        var colon = KeyEnd(text, keyStart, end);
        if (colon > keyStart)
        {
            var rest = colon + 1;
            while (rest < end && text[rest] == ' ')
            {
                rest++;
            }

            var opensMap = rest >= end || text[rest] == '#';
            var opensBlock = rest < end && text[rest] is '|' or '>';
            if (opensMap || opensBlock)
            {
                var key = text.Substring(keyStart, colon - keyStart).Trim('"', '\'');
                _open.Add((keyStart - start, key, opensBlock));
            }
        }

        return context;
    }

    private YamlContext Current(bool blockContent)
    {
        if (_open.Count == 0 || blockContent)
        {
            return default;
        }

        var isSecret = _documents[_document].IsSecret;
        var top = _open[0].Key;
        if (isSecret && _open.Count == 1 && top == "data")
        {
            return new YamlContext(true, null);
        }

        if (isSecret && _open.Count == 1 && top == "stringData")
        {
            return new YamlContext(false, "stringData");
        }

        // The nearest open key that means secret names the entries below it.
        for (var k = _open.Count - 1; k >= 0; k--)
        {
            if (SecretNames.IsSecretName(_open[k].Key))
            {
                return new YamlContext(false, _open[k].Key);
            }
        }

        return default;
    }

    /// <summary>The index of the ':' ending a plain or quoted key at <paramref name="start"/>, or -1.</summary>
    private static int KeyEnd(string text, int start, int end)
    {
        if (start < end && text[start] is '"' or '\'')
        {
            var close = text.IndexOf(text[start], start + 1, System.Math.Min(128, end - start - 1));
            return close > 0 && close + 1 < end && text[close + 1] == ':' ? close + 1 : -1;
        }

        for (var i = start; i < end && i - start <= 128; i++)
        {
            var c = text[i];
            if (c == ':' && (i + 1 == end || text[i + 1] == ' '))
            {
                return i;
            }

            if (c is ' ' or '\t' or '"' or '\'' or '{' or '[' or '=')
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsSecretKind(string text, int from, int end)
    {
        while (from < end && text[from] == ' ')
        {
            from++;
        }

        var valueEnd = end;
        while (valueEnd > from && text[valueEnd - 1] is ' ' or '\r')
        {
            valueEnd--;
        }

        var length = valueEnd - from;
        return (length == 6 && CharClass.StartsWith(text, from, "Secret"))
               || (length == 8 && (CharClass.StartsWith(text, from, "\"Secret\"") || CharClass.StartsWith(text, from, "'Secret'")));
    }
}
