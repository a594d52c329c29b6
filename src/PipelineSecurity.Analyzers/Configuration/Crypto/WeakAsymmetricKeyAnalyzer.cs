using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2013: an RSA key under 2048 bits (<c>RSA.Create(1024)</c>, <c>new RSACryptoServiceProvider(1024)</c>,
/// <c>rsa.KeySize = 1024</c>, followed through constants and locals), or DSA created at all.
/// Option: <c>pipeline_security.PSF2013.min_rsa_key_size</c> (2048).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakAsymmetricKeyAnalyzer : DiagnosticAnalyzer
{
    internal const string MinKeySizeKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakAsymmetricKey + ".min_rsa_key_size";
    private const int DefaultMinKeySize = 2048;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakAsymmetricKey);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var rsa = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.RSA");
            var dsa = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.DSA");
            if (rsa is null && dsa is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, rsa, dsa), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, rsa, dsa), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, rsa), OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? rsa, INamedTypeSymbol? dsa)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsStatic || method.Name != "Create")
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, dsa))
        {
            ReportDsa(context, invocation);
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ContainingType, rsa))
        {
            CheckKeySize(context, invocation.Arguments);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol? rsa, INamedTypeSymbol? dsa)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (Types.IsOrDerivesFrom(creation.Type, dsa))
        {
            ReportDsa(context, creation);
        }
        else if (Types.IsOrDerivesFrom(creation.Type, rsa))
        {
            CheckKeySize(context, creation.Arguments);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? rsa)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "KeySize", Instance: { } instance }
            && Types.IsOrDerivesFrom(instance.Type, rsa))
        {
            CheckValue(context, assignment.Value);
        }
    }

    private static void CheckKeySize(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "keySizeInBits" or "dwKeySize" or "keySize" })
            {
                CheckValue(context, argument.Value);
            }
        }
    }

    private static void CheckValue(OperationAnalysisContext context, IOperation value)
    {
        var minimum = context.Options.GetInt(value.Syntax.SyntaxTree, MinKeySizeKey, DefaultMinKeySize);
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: int bits } && bits > 0 && bits < minimum)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.WeakAsymmetricKey,
                    value.Syntax.GetLocation(),
                    "RSA key of " + bits.ToString(CultureInfo.InvariantCulture) + " bits",
                    minimum.ToString(CultureInfo.InvariantCulture)));
                return;
            }
        }
    }

    private static void ReportDsa(OperationAnalysisContext context, IOperation operation)
    {
        var minimum = context.Options.GetInt(operation.Syntax.SyntaxTree, MinKeySizeKey, DefaultMinKeySize);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.WeakAsymmetricKey,
            operation.Syntax.GetLocation(),
            "DSA is deprecated",
            minimum.ToString(CultureInfo.InvariantCulture)));
    }
}
