using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer on markup source: <c>[|…|]</c> or <c>{|PSF1001:…|}</c> marks where diagnostics must be.
/// The overloads without a <see cref="ReferenceProfile"/> compile against <see cref="ReferenceProfile.Net80"/>.
/// </summary>
internal static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(ReferenceProfile.Net80, source, editorConfig: null, expected);

    public static Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(ReferenceProfile.Net80, source, editorConfig, expected);

    public static Task VerifyAsync(ReferenceProfile profile, string source, params DiagnosticResult[] expected) =>
        VerifyAsync(profile, source, editorConfig: null, expected);

    public static async Task VerifyAsync(ReferenceProfile profile, string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test(profile) { TestCode = source };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/0/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
            : this(ReferenceProfile.Net80)
        {
        }

        public Test(ReferenceProfile profile)
        {
            profile.ApplyTo(this);
        }
    }
}
