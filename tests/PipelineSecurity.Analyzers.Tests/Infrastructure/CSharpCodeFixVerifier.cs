using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace PipelineSecurity.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer and its code fix on markup source, checking the fixed code and Fix All.
/// The overload without a <see cref="ReferenceProfile"/> compiles against <see cref="ReferenceProfile.Net80"/>.
/// </summary>
internal static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyFixAsync(string source, string fixedSource) =>
        VerifyFixAsync(ReferenceProfile.Net80, source, fixedSource);

    public static async Task VerifyFixAsync(ReferenceProfile profile, string source, string fixedSource)
    {
        var test = new Test(profile) { TestCode = source, FixedCode = fixedSource };
        await test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
            : this(ReferenceProfile.Net80)
        {
        }

        public Test(ReferenceProfile profile)
        {
            profile.ApplyTo(this);
            profile.ApplyTo(FixedState);
        }
    }
}
