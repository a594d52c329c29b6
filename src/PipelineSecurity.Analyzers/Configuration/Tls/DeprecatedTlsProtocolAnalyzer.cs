using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Tls;

/// <summary>
/// PSF2003: <c>SslProtocols.Ssl2/Ssl3/Tls/Tls11</c> or <c>SecurityProtocolType.Ssl3/Tls/Tls11</c> used as a value
/// (assigned, passed, combined). Code that compares against them, tests a flag or masks them out is rejecting them
/// and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeprecatedTlsProtocolAnalyzer : DiagnosticAnalyzer
{
    // Bits of the deprecated members: Ssl2 12, Ssl3 48, Tls 192, Tls11 768 (same values in both enums).
    internal const int DeprecatedBits = 12 | 48 | 192 | 768;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DeprecatedTlsProtocol);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var enums = Types.Resolve(start.Compilation, "System.Security.Authentication.SslProtocols", "System.Net.SecurityProtocolType");
            if (enums.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeField(c, enums), OperationKind.FieldReference);
            start.RegisterOperationAction(c => AnalyzeConversion(c, enums), OperationKind.Conversion);
        });
    }

    private static void AnalyzeField(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> enums)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        if (!field.HasConstantValue || field.ConstantValue is not int value || (value & DeprecatedBits) == 0
            || !enums.Contains(field.ContainingType) || IsRejection(reference))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.DeprecatedTlsProtocol,
            reference.Syntax.GetLocation(),
            field.ContainingType.Name + "." + field.Name));
    }

    /// <summary><c>(SslProtocols)192</c>: a number cast to the enum.</summary>
    private static void AnalyzeConversion(OperationAnalysisContext context, System.Collections.Generic.HashSet<INamedTypeSymbol> enums)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.IsImplicit || conversion.Type is not INamedTypeSymbol type || !enums.Contains(type)
            || conversion.Operand.Type?.TypeKind == TypeKind.Enum
            || conversion.ConstantValue is not { HasValue: true, Value: int value } || (value & DeprecatedBits) == 0
            || IsRejection(conversion))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.DeprecatedTlsProtocol,
            conversion.Syntax.GetLocation(),
            "(" + type.Name + ")" + value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Whether the value is only compared, tested or masked out: code that rejects the protocol.</summary>
    private static bool IsRejection(IOperation operation)
    {
        var current = operation;
        for (var parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Or }:
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                    or BinaryOperatorKind.And or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual }:
                    return true;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.BitwiseNegation }:
                    return true;
                case IPatternOperation or IPatternCaseClauseOperation or ISingleValueCaseClauseOperation or ISwitchExpressionArmOperation when current is not IReturnOperation:
                    return parent is not ISwitchExpressionArmOperation arm || arm.Value != current;
                case IArgumentOperation { Parameter.Name: "flag" }:
                    return true;
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.And }:
                    return true;
                default:
                    return false;
            }
        }

        return false;
    }
}
