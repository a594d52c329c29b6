using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2016: a <c>System.Random</c> method (<c>Next</c>, <c>NextBytes</c>, <c>GetItems</c>…) whose result is a security
/// value: it is stored in, or fills, a variable or member named for a token, password, key, salt, nonce, secret or
/// code, or the method computing it is named so (<c>GenerateResetToken</c>). Random for jitter, sampling, shuffling
/// or games is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureRandomForSecretAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InsecureRandomForSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var random = start.Compilation.GetTypeByMetadataName("System.Random");
            if (random is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, random), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol random)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.IsStatic || !method.Name.StartsWith("Next", System.StringComparison.Ordinal) && method.Name != "GetItems"
            || !Types.IsOrDerivesFrom(method.ContainingType, random))
        {
            return;
        }

        string? role = null;
        if (method.Name == "NextBytes" && invocation.Arguments.Length == 1
            && ValueTracker.ReferencedSymbol(invocation.Arguments[0].Value) is { } buffer
            && SecurityNames.IsSecurityName(buffer.Name, keyCounts: true))
        {
            role = buffer.Name;
        }

        role ??= SecurityContext.RoleName(invocation, context.ContainingSymbol, keyCounts: true, includeParameters: false);
        if (role is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InsecureRandomForSecret, invocation.Syntax.GetLocation(), "'" + role + "'"));
        }
    }
}
