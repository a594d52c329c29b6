using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>PSF2012: <c>SymmetricAlgorithm.Mode = CipherMode.ECB</c> (followed through locals and fields), or <c>EncryptEcb</c>/<c>DecryptEcb</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EcbModeAnalyzer : DiagnosticAnalyzer
{
    private const int Ecb = 2; // CipherMode.ECB

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.EcbMode);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symmetric = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.SymmetricAlgorithm");
            if (symmetric is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeAssignment(c, symmetric), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symmetric), OperationKind.Invocation);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol symmetric)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "Mode" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, symmetric)
            && ValueTracker.MayBeConstant(assignment.Value, static v => v is int mode && mode == Ecb))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EcbMode, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name + ".Mode"));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol symmetric)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is "EncryptEcb" or "DecryptEcb"
            && Types.IsOrDerivesFrom(invocation.TargetMethod.ContainingType, symmetric))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EcbMode, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }
}
