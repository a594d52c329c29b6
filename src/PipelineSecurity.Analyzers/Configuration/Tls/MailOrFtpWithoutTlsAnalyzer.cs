using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>PSF2006: <c>SmtpClient.EnableSsl</c> or <c>FtpWebRequest.EnableSsl</c> set to false.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MailOrFtpWithoutTlsAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MailOrFtpWithoutTls);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var owners = Types.Resolve(start.Compilation, "System.Net.Mail.SmtpClient", "System.Net.FtpWebRequest");
            if (owners.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, owners), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> owners)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "EnableSsl" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, owners)
            && ValueTracker.MayBeFalse(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MailOrFtpWithoutTls,
                assignment.Value.Syntax.GetLocation(),
                property.ContainingType.Name));
        }
    }
}
