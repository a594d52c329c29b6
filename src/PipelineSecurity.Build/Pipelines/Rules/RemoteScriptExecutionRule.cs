using PipelineSecurity.Build.Pipelines.Shell;

namespace PipelineSecurity.Build.Pipelines.Rules;

/// <summary>
/// PSF7009. A script downloads code and runs it in the same breath (<c>curl … | bash</c>, <c>bash &lt;(curl …)</c>,
/// <c>iwr … | iex</c>): nothing checks what arrived, so whoever controls the server, the DNS or the network path runs
/// code in the pipeline with its secrets.
/// </summary>
internal sealed class RemoteScriptExecutionRule : PipelineRule
{
    public static readonly PipelineRuleDescriptor Descriptor = new(BuildDiagnostics.PipelineRemoteScriptExecution);

    public override void Check(PipelineFile file, PipelineCheckContext context)
    {
        foreach (var (script, _) in ScriptSteps.Of(file))
        {
            foreach (var (offset, downloader, interpreter) in RemoteScriptDetector.Find(script.Value))
            {
                var (line, column) = file.Locate(script, offset);
                context.Report(
                    PipelineRuleCatalog.RemoteScriptExecution,
                    file,
                    line,
                    column,
                    $"The script runs what '{downloader}' downloads straight in '{interpreter}', with no check of what arrived: download to a file, verify its SHA-256 against a pinned value (sha256sum -c / Get-FileHash), then run it — or use a pinned package or action");
            }
        }
    }
}
