using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>
/// PSF2002: certificate validation that tolerates some errors: a callback that returns true for
/// <c>RemoteCertificateNameMismatch</c> or <c>RemoteCertificateChainErrors</c> (compared, or masked out with <c>&amp; ~</c>),
/// or an <c>X509ChainPolicy.VerificationFlags</c> value other than <c>NoFlag</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationPartialAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CertificateValidationPartial);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = CertificateCallbackSinks.Create(start.Compilation);
            var policyErrors = start.Compilation.GetTypeByMetadataName("System.Net.Security.SslPolicyErrors");
            var chainPolicy = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.X509Certificates.X509ChainPolicy");
            if (sinks is null && chainPolicy is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeAssignment(c, sinks, policyErrors, chainPolicy), OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, CertificateCallbackSinks? sinks, INamedTypeSymbol? policyErrors, INamedTypeSymbol? chainPolicy)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
        {
            return;
        }

        if (property.Name == "VerificationFlags" && SymbolEqualityComparer.Default.Equals(property.ContainingType, chainPolicy))
        {
            if (ValueTracker.MayBeConstant(assignment.Value, static v => v is int flags && flags != 0))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.CertificateValidationPartial,
                    assignment.Value.Syntax.GetLocation(),
                    "X509ChainPolicy.VerificationFlags",
                    "verification flags that skip chain checks"));
            }

            return;
        }

        // A callback that may accept everything is PSF2001's: one assignment, one finding.
        if (sinks is null || policyErrors is null || !sinks.IsCallbackProperty(property)
            || CertificateValidationDisabledAnalyzer.AcceptsAll(assignment.Value))
        {
            return;
        }

        // A lenient callback chosen only on a branch of the user's mode (VerifyCA: chain checked, host name not) is the
        // user's choice, as for PSF2001.
        if (ValueTracker.IsConfigurableChoice(assignment.Value, branch => Tolerates(branch, policyErrors)))
        {
            return;
        }

        foreach (var body in ValueTracker.DelegateBodies(assignment.Value))
        {
            if (ToleratedError(body, policyErrors) is { } tolerated)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.CertificateValidationPartial,
                    assignment.Value.Syntax.GetLocation(),
                    property.ContainingType.Name + "." + property.Name,
                    tolerated));
                return;
            }
        }
    }

    private static bool Tolerates(IOperation value, INamedTypeSymbol policyErrors)
    {
        foreach (var body in ValueTracker.DelegateBodies(value))
        {
            if (ToleratedError(body, policyErrors) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The SslPolicyErrors member a callback body accepts, if it accepts one.</summary>
    private static string? ToleratedError(IOperation body, INamedTypeSymbol policyErrors)
    {
        // A callback that accepts everything is PSF2001's.
        if (ValueTracker.AllReturnsAreTrue(body))
        {
            return null;
        }

        foreach (var returned in ValueTracker.Returns(body))
        {
            if (returned.ConstantValue is { HasValue: true, Value: false })
            {
                continue;
            }

            // return errors == None || errors == RemoteCertificateNameMismatch;  return (errors & ~ChainErrors) == None;
            if (AcceptedMember(returned, policyErrors) is { } member)
            {
                return member;
            }

            // if (errors == RemoteCertificateNameMismatch) return true;
            if (returned.ConstantValue is { HasValue: true, Value: true })
            {
                for (var parent = returned.Parent; parent is not null && parent != body; parent = parent.Parent)
                {
                    if (parent is IConditionalOperation conditional && AcceptedMember(conditional.Condition, policyErrors) is { } guarded)
                    {
                        return guarded;
                    }
                }
            }
        }

        return null;
    }

    private static string? AcceptedMember(IOperation expression, INamedTypeSymbol policyErrors)
    {
        foreach (var node in expression.DescendantsAndSelf())
        {
            switch (node)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                    if ((NonNoneMember(equals.LeftOperand, policyErrors) ?? NonNoneMember(equals.RightOperand, policyErrors)) is { } compared)
                    {
                        return compared;
                    }

                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.BitwiseNegation } negation:
                    if (NonNoneMember(negation.Operand, policyErrors) is { } masked)
                    {
                        return masked;
                    }

                    break;
            }
        }

        return null;
    }

    private static string? NonNoneMember(IOperation operand, INamedTypeSymbol policyErrors)
    {
        operand = ValueTracker.Unwrap(operand);
        return operand is IFieldReferenceOperation field
               && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, policyErrors)
               && field.Field.Name != "None"
            ? field.Field.Name
            : null;
    }
}
