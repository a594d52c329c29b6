using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2014: a constant IV, nonce or salt: <c>aes.IV = new byte[16]</c>, <c>CreateEncryptor(key, FixedIv)</c>,
/// <c>new Rfc2898DeriveBytes(password, Encoding.UTF8.GetBytes("salt"), …)</c>, <c>AesGcm.Encrypt(new byte[12], …)</c>.
/// Constant means: an array created empty (all zero) or from constant elements, a UTF-8 literal, the bytes of a
/// string literal, or a local or field holding one of those, unless the array is filled elsewhere in the method
/// (<c>RandomNumberGenerator.Fill(iv)</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantIvOrSaltAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ConstantIvOrSalt);

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
            start.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol symmetric)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "IV" } property }
            && Types.IsOrDerivesFrom(property.ContainingType, symmetric)
            && IsConstantBytes(assignment.Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConstantIvOrSalt, assignment.Value.Syntax.GetLocation(), "IV"));
        }
    }

    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter
            || Role(parameter.Name) is not { } role
            || parameter.ContainingSymbol.ContainingNamespace?.ToDisplayString() != "System.Security.Cryptography"
            || !IsConstantBytes(argument.Value))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConstantIvOrSalt, argument.Value.Syntax.GetLocation(), role));
    }

    private static string? Role(string parameterName) => parameterName switch
    {
        "iv" or "rgbIV" => "IV",
        "nonce" => "nonce",
        "salt" => "salt",
        _ => null,
    };

    private static bool IsConstantBytes(IOperation value)
    {
        var unwrapped = ValueTracker.Unwrap(value);
        if (ValueTracker.ReferencedSymbol(unwrapped) is { } holder && IsFilledElsewhere(holder, unwrapped))
        {
            return false;
        }

        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (IsConstantArray(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConstantArray(IOperation candidate)
    {
        switch (candidate)
        {
            case IArrayCreationOperation { Initializer: null } creation:
                return creation.DimensionSizes.Length == 1 && creation.DimensionSizes[0].ConstantValue.HasValue;
            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    if (!element.ConstantValue.HasValue)
                    {
                        return false;
                    }
                }

                return true;
            case IUtf8StringOperation:
                return true;
            case IInvocationOperation { TargetMethod.Name: "GetBytes" or "FromBase64String" or "FromHexString" } invocation
                when invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string }:
                return true;
            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: IUtf8StringOperation }:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the array held by <paramref name="holder"/> is passed to a call (a fill) or written element by element.</summary>
    private static bool IsFilledElsewhere(ISymbol holder, IOperation use)
    {
        foreach (var operation in ValueTracker.Root(use).Descendants())
        {
            switch (operation)
            {
                case IArgumentOperation argument when argument.Value.Syntax != use.Syntax
                                                      && SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(argument.Value), holder)
                                                      && argument.Parameter?.Name is not ("iv" or "rgbIV" or "nonce" or "salt"):
                    return true;
                case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation element }
                    when SymbolEqualityComparer.Default.Equals(ValueTracker.ReferencedSymbol(element.ArrayReference), holder):
                    return true;
            }
        }

        return false;
    }
}
