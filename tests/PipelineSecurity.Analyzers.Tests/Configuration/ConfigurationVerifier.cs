using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PipelineSecurity.Analyzers.Tests.Infrastructure;

namespace PipelineSecurity.Analyzers.Tests.Configuration;

/// <summary>
/// The PSF2xxx verifier: like <see cref="CSharpAnalyzerVerifier{TAnalyzer}"/>, compiling against net8.0 plus ASP.NET Core,
/// JwtBearer, OpenIdConnect, Microsoft.IdentityModel and Json.NET, so tests use the real types the rules resolve.
/// </summary>
internal static class ConfigurationVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, editorConfig: null, expected);

    public static async Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net80,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.AspNetCore80Libraries);
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/0/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);
}

/// <summary>The code-fix counterpart of <see cref="ConfigurationVerifier{TAnalyzer}"/> (checks Fix All too).</summary>
internal static class ConfigurationFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static async Task VerifyFixAsync(string source, string fixedSource)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.Net80,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.AspNetCore80Libraries);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.AspNetCore80Libraries);
        await test.RunAsync(CancellationToken.None);
    }
}
