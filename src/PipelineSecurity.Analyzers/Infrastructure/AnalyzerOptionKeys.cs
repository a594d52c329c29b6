namespace PipelineSecurity.Analyzers.Infrastructure;

/// <summary>The .editorconfig and MSBuild keys the analyzers read.</summary>
internal static class AnalyzerOptionKeys
{
    /// <summary>Prefix of every .editorconfig option: <c>pipeline_security.&lt;key&gt;</c> or <c>pipeline_security.&lt;ID&gt;.&lt;key&gt;</c>.</summary>
    public const string Prefix = "pipeline_security.";

    /// <summary>Set to true to scan generated code (e.g. Settings.Designer.cs) as well.</summary>
    public const string AnalyzeGeneratedCode = Prefix + "analyze_generated_code";

    /// <summary>PSF1005: bits of entropy per character a value under a secret name needs (default 3.0).</summary>
    public const string GenericSecretMinimumEntropy = Prefix + "PSF1005.min_entropy";

    /// <summary>PSF1005: more words that make a name a secret name, comma-separated (e.g. <c>pin, otp</c>).</summary>
    public const string ExtraSecretWords = Prefix + "secrets.extra_secret_words";

    /// <summary>PSF1001–PSF1005: values never reported, comma-separated; '*' is a wildcard.</summary>
    public const string AllowedSecretValues = Prefix + "secrets.allowed_values";

    /// <summary>Severity for secret findings in test projects (<c>IsTestProject</c>): error, warning, suggestion, silent, none, or default.</summary>
    public const string TestProjectSeverity = Prefix + "secrets.test_project_severity";

    /// <summary>Configuration files above this size (MiB, whole number) are not scanned for secrets (PSF1099 says so).</summary>
    public const string MaximumConfigurationFileSize = Prefix + "secrets.max_config_file_mb";

    /// <summary>MSBuild's IsTestProject, made visible to the compiler by the package's targets.</summary>
    public const string IsTestProject = "build_property.IsTestProject";

    /// <summary>Item metadata on AdditionalFiles: false opts a file out of the configuration-file scan, true opts it in.</summary>
    public const string AdditionalFileScanMetadata = "build_metadata.AdditionalFiles.PipelineSecurityScan";
}
