using System;

namespace PipelineSecurity.Build.Pipelines.Configuration;

/// <summary>
/// <c># pipeline-security: ignore PSF7001</c> (several ids separated by commas or spaces) on the finding's line, or alone
/// on the line above, suppresses those rules there. Ids are required: there is no blanket ignore.
/// </summary>
internal static class InlineSuppressions
{
    private const string Marker = "pipeline-security:";

    public static bool IsSuppressed(PipelineFile file, int line, string ruleId)
    {
        if (Mentions(file.LineText(line), ruleId, wholeLineComment: false))
        {
            return true;
        }

        return Mentions(file.LineText(line - 1), ruleId, wholeLineComment: true);
    }

    private static bool Mentions(string text, string ruleId, bool wholeLineComment)
    {
        var hash = text.IndexOf('#');
        if (hash < 0 || (wholeLineComment && text.Substring(0, hash).Trim().Length > 0))
        {
            return false;
        }

        var marker = text.IndexOf(Marker, hash, StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return false;
        }

        var rest = text.Substring(marker + Marker.Length).TrimStart();
        if (!rest.StartsWith("ignore", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var token in rest.Substring("ignore".Length).Split(new[] { ',', ' ', '\t', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(token, ruleId, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!token.StartsWith("PSF", StringComparison.OrdinalIgnoreCase))
            {
                // The id list ends where the comment's prose begins ("ignore PSF7001 -- reviewed").
                break;
            }
        }

        return false;
    }
}
