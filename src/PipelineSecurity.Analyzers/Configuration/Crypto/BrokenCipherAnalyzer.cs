using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>PSF2011: DES, TripleDES or RC2 created (<c>DES.Create()</c>, <c>new TripleDESCryptoServiceProvider()</c>…).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BrokenCipherAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BrokenCipher);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var ciphers = Types.Resolve(start.Compilation,
                "System.Security.Cryptography.DES", "System.Security.Cryptography.TripleDES", "System.Security.Cryptography.RC2");
            if (ciphers.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, ciphers), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, ciphers), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, HashSet<INamedTypeSymbol> ciphers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is { IsStatic: true, Name: "Create" } method && ciphers.Contains(method.ContainingType))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BrokenCipher, invocation.Syntax.GetLocation(), method.ContainingType.Name));
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, HashSet<INamedTypeSymbol> ciphers)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, ciphers))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BrokenCipher, creation.Syntax.GetLocation(), creation.Type!.Name));
        }
    }
}
