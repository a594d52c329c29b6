using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using PipelineSecurity.Build.Pipelines.Configuration;
using PipelineSecurity.Build.Pipelines.Rules;
using PipelineSecurity.Build.Pipelines.Rules.Azure;
using PipelineSecurity.Build.Pipelines.Rules.GitHub;
using PipelineSecurity.Build.Pipelines.Yaml;
using YamlDotNet.Core;

namespace PipelineSecurity.Build.Pipelines;

/// <summary>
/// Checks a repository's CI definitions and deployment files: reads and parses each file once, follows local composite
/// actions, reusable workflows and Azure templates, runs the rules of each file's kind and the secret detectors, then
/// applies .editorconfig severities and inline <c># pipeline-security: ignore PSFxxxx</c> comments. No MSBuild here.
/// </summary>
internal static class PipelineChecker
{
    public static readonly PipelineRuleDescriptor FileNotCheckedDescriptor = new(BuildDiagnostics.PipelineFileNotChecked);

    /// <summary>CI definitions are small; anything larger is not one (and is reported, not parsed).</summary>
    public const long MaximumYamlBytes = 2 * 1024 * 1024;

    /// <summary>Deployment files are only scanned for secrets, linearly: a larger bound.</summary>
    public const long MaximumScannedBytes = 32 * 1024 * 1024;

    private static readonly PipelineRule[] GitHubRules =
    {
        new UnpinnedActionRule(), new UntrustedInputInScriptRule(), new UntrustedCheckoutRule(), new ExcessivePermissionsRule(),
        new UnusedIdTokenRule(), new PersistedCredentialsRule(), new SecretsInheritRule(), new UnsecureCommandsRule(),
        new RemoteScriptExecutionRule(), new SelfHostedRunnerRule(), new CachePoisoningRule(), new GateDisabledRule(),
        new EnvironmentFileInjectionRule(), new SpoofableBotConditionRule(), new SecretInPlainVariableRule(),
    };

    private static readonly PipelineRule[] AzureRules =
    {
        new UntrustedInputInScriptRule(), new RemoteScriptExecutionRule(), new GateDisabledRule(), new SecretInPlainVariableRule(),
        new PersistCredentialsRule(), new AccessTokenExposedRule(), new UnpinnedRepositoryResourceRule(), new TaskWithoutVersionRule(),
    };

    public static List<PipelineFinding> Check(string repositoryRoot, IReadOnlyList<RepositoryFile> candidates, RuleOptions options, string? repositoryOwner) =>
        Check(repositoryRoot, candidates, options, repositoryOwner, out _);

    /// <param name="filesRead">Every file read, found files and the local actions and templates they include (for the no-op stamp).</param>
    public static List<PipelineFinding> Check(string repositoryRoot, IReadOnlyList<RepositoryFile> candidates, RuleOptions options, string? repositoryOwner, out List<RepositoryFile> filesRead)
    {
        filesRead = new List<RepositoryFile>();
        var files = new List<PipelineFile>();
        var secretScan = new HashSet<PipelineFile>();
        var problems = new List<(PipelineFile File, int Line, int Column, string Message)>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Files named for their kind first, with the actions and templates they include; YAML that may be a Kubernetes
        // manifest last, so a template the walk also saw is read as a template.
        var queue = new Queue<RepositoryFile>();
        var deferred = new Queue<RepositoryFile>();
        foreach (var candidate in candidates)
        {
            (candidate.Kind == PipelineFileKind.PossibleManifest ? deferred : queue).Enqueue(candidate);
        }

        while (queue.Count > 0 || deferred.Count > 0)
        {
            var candidate = queue.Count > 0 ? queue.Dequeue() : deferred.Dequeue();
            if (!known.Add(candidate.RelativePath))
            {
                continue;
            }

            filesRead.Add(candidate);

            var file = Load(candidate, problems);
            if (file is null)
            {
                continue;
            }

            files.Add(file);
            if (candidate.ScanSecrets)
            {
                secretScan.Add(file);
            }

            foreach (var referenced in LocalReferences(repositoryRoot, file))
            {
                queue.Enqueue(referenced);
            }
        }

        var context = new PipelineCheckContext(files, repositoryOwner, options);
        foreach (var problem in problems)
        {
            context.Report(PipelineRuleCatalog.FileNotChecked, problem.File, problem.Line, problem.Column, problem.Message);
        }

        ExpressionTaint.PropagateToLocalCallees(context);
        foreach (var file in files)
        {
            var rules = file.Kind switch
            {
                PipelineFileKind.GitHubWorkflow or PipelineFileKind.GitHubAction => GitHubRules,
                PipelineFileKind.AzurePipeline => AzureRules,
                _ => Array.Empty<PipelineRule>(),
            };

            if (file.Documents.Count > 0)
            {
                foreach (var rule in rules)
                {
                    Run(() => rule.Check(file, context), file, context, rule.GetType().Name);
                }
            }

            if (secretScan.Contains(file))
            {
                Run(() => RepositorySecretScanner.Scan(file, context), file, context, nameof(RepositorySecretScanner));
            }
        }

        return Finish(context, options);
    }

    /// <summary>Reads one file: size, binary content and YAML validity problems become one PSF7900 each.</summary>
    internal static PipelineFile? Load(RepositoryFile candidate, List<(PipelineFile, int, int, string)> problems)
    {
        var isCiDefinition = candidate.Kind is PipelineFileKind.GitHubWorkflow or PipelineFileKind.GitHubAction or PipelineFileKind.AzurePipeline;
        byte[] bytes;
        try
        {
            var length = new FileInfo(candidate.FullPath).Length;
            var limit = isCiDefinition ? MaximumYamlBytes : MaximumScannedBytes;
            if (length > limit)
            {
                problems.Add((new PipelineFile(candidate.FullPath, candidate.RelativePath, candidate.Kind, string.Empty), 1, 1,
                    $"'{candidate.RelativePath}' is {length:N0} bytes, more than the {limit:N0} a {(isCiDefinition ? "CI definition" : "deployment file")} is checked up to; it was not checked. Split it, or exclude it with PipelineSecurityPipelineChecksEnabled=false if it is not a real {(isCiDefinition ? "pipeline" : "deployment file")}"));
                return null;
            }

            bytes = File.ReadAllBytes(candidate.FullPath);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            problems.Add((new PipelineFile(candidate.FullPath, candidate.RelativePath, candidate.Kind, string.Empty), 1, 1,
                $"'{candidate.RelativePath}' cannot be read ({failure.GetType().Name}); it was not checked. Check the file's permissions"));
            return null;
        }

        if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0)
        {
            problems.Add((new PipelineFile(candidate.FullPath, candidate.RelativePath, candidate.Kind, string.Empty), 1, 1,
                $"'{candidate.RelativePath}' is a binary file, not a text {(isCiDefinition ? "CI definition" : "deployment file")}; it was not checked. Rename or move it if it is not one"));
            return null;
        }

        var text = new UTF8Encoding(false, false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var kind = candidate.Kind;
        if (kind == PipelineFileKind.PossibleManifest)
        {
            var head = text.Length > 64 * 1024 ? text.Substring(0, 64 * 1024) : text;
            if (RepositoryFiles.LooksLikeKubernetesManifest(head))
            {
                kind = PipelineFileKind.DeploymentYaml;
            }
            else if (RepositoryFiles.LooksLikeAzurePipeline(head))
            {
                kind = PipelineFileKind.AzurePipeline;
                isCiDefinition = true;
            }
            else
            {
                return null;
            }
        }

        var file = new PipelineFile(candidate.FullPath, candidate.RelativePath, kind, text);
        if (isCiDefinition)
        {
            try
            {
                file.Documents.AddRange(YamlTreeReader.Read(text));
            }
            catch (YamlException invalid)
            {
                file.Documents.Clear();
                problems.Add((file, (int)Math.Max(1, invalid.Start.Line), (int)Math.Max(1, invalid.Start.Column),
                    $"'{candidate.RelativePath}' is not valid YAML ({FirstLine(invalid.Message)}), so it was not checked and its CI system will reject it too: fix the syntax"));
            }
            catch (YamlLimitException limit)
            {
                file.Documents.Clear();
                problems.Add((file, limit.Line, limit.Column,
                    $"'{candidate.RelativePath}' has {limit.Message}, beyond any real CI definition; it was not checked. Simplify it (anchors and aliases are kept as references, never expanded)"));
            }
            catch (YamlUnreadableException unreadable)
            {
                file.Documents.Clear();
                problems.Add((file, unreadable.Line, unreadable.Column,
                    $"'{candidate.RelativePath}' is not valid YAML (the parser stopped after this point: {unreadable.Message}), so it was not checked and its CI system will reject it too: fix the syntax"));
            }
        }

        return file;
    }

    /// <summary>Local composite actions (<c>uses: ./path</c>) and Azure templates (<c>template: path.yml</c>) a file includes.</summary>
    private static IEnumerable<RepositoryFile> LocalReferences(string root, PipelineFile file)
    {
        if (file.Documents.Count == 0)
        {
            yield break;
        }

        if (file.Kind is PipelineFileKind.GitHubWorkflow or PipelineFileKind.GitHubAction)
        {
            foreach (var step in GitHubWorkflow.Steps(file))
            {
                var uses = step.Uses;
                if (uses is null || !uses.StartsWith("./", StringComparison.Ordinal) || uses.IndexOf("..", StringComparison.Ordinal) >= 0)
                {
                    continue;
                }

                var folder = uses.Substring(2).TrimEnd('/');
                foreach (var name in new[] { "action.yml", "action.yaml" })
                {
                    var relative = folder.Length == 0 ? name : folder + "/" + name;
                    var full = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
                    if (File.Exists(full))
                    {
                        yield return new RepositoryFile(full, relative, PipelineFileKind.GitHubAction, scanSecrets: true);
                        break;
                    }
                }
            }

            yield break;
        }

        if (file.Kind != PipelineFileKind.AzurePipeline)
        {
            yield break;
        }

        var templates = new List<string>();
        foreach (var document in file.Documents)
        {
            AzurePipeline.Walk(document, (key, value) =>
            {
                if (key == "template" && value is YamlScalar template && template.Value.IndexOf('@') < 0 && template.Value.IndexOf("${{", StringComparison.Ordinal) < 0)
                {
                    templates.Add(template.Value.Trim());
                }
            });
        }

        var baseFolder = Path.GetDirectoryName(file.FullPath) ?? root;
        foreach (var template in templates)
        {
            var full = Path.GetFullPath(template.StartsWith("/", StringComparison.Ordinal)
                ? Path.Combine(root, template.TrimStart('/'))
                : Path.Combine(baseFolder, template));
            if (!full.StartsWith(root, StringComparison.OrdinalIgnoreCase) || !File.Exists(full))
            {
                continue;
            }

            var relative = full.Substring(root.Length).Replace('\\', '/').TrimStart('/');
            yield return new RepositoryFile(full, relative, PipelineFileKind.AzurePipeline, scanSecrets: true);
        }
    }

    private static void Run(Action check, PipelineFile file, PipelineCheckContext context, string what)
    {
        try
        {
            check();
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            context.Report(PipelineRuleCatalog.FileNotChecked, file, 1, 1,
                $"'{file.RelativePath}' was not fully checked: {what} failed unexpectedly ({unexpected.GetType().Name}). Please report this with the file's shape (not its secrets)");
        }
    }

    /// <summary>Severities from .editorconfig, inline suppressions, and one finding per place (a PSF1xxx secret wins over PSF7021).</summary>
    private static List<PipelineFinding> Finish(PipelineCheckContext context, RuleOptions options)
    {
        // A format-recognised secret (PSF1001-PSF1004) says more than PSF7021 on the same line; PSF7021 (a clear-text
        // value under a secret name in a CI file) says more than the generic entropy rule PSF1005.
        var formatSecretLines = new HashSet<string>(StringComparer.Ordinal);
        var plainVariableLines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (rule, file, line, _, _) in context.Raw)
        {
            if (rule.Id.StartsWith("PSF1", StringComparison.Ordinal) && rule.Id != PipelineRuleCatalog.GenericSecret.Id)
            {
                formatSecretLines.Add(file.RelativePath + "|" + line);
            }
            else if (rule.Id == PipelineRuleCatalog.SecretInPlainVariable.Id)
            {
                plainVariableLines.Add(file.RelativePath + "|" + line);
            }
        }

        var findings = new List<PipelineFinding>();
        foreach (var (rule, file, line, column, message) in context.Raw)
        {
            var place = file.RelativePath + "|" + line;
            if ((rule.Id == PipelineRuleCatalog.SecretInPlainVariable.Id && formatSecretLines.Contains(place))
                || (rule.Id == PipelineRuleCatalog.GenericSecret.Id && plainVariableLines.Contains(place)))
            {
                continue;
            }

            var severity = options.SeverityOf(rule, file);
            if (severity is PipelineSeverity.None || InlineSuppressions.IsSuppressed(file, line, rule.Id))
            {
                continue;
            }

            findings.Add(new PipelineFinding(rule.Id, file.RelativePath, line, column, message, severity));
        }

        findings.Sort((a, b) =>
        {
            var byPath = string.CompareOrdinal(a.RelativePath, b.RelativePath);
            return byPath != 0 ? byPath : a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column != b.Column ? a.Column.CompareTo(b.Column) : string.CompareOrdinal(a.RuleId, b.RuleId);
        });
        return findings;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message.Substring(0, newline)).Trim();
    }
}
