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
            var provider = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.RSACryptoServiceProvider");
            var curves = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.ECCurve+NamedCurves");
            var curve = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.ECCurve");
            if (rsa is null && dsa is null)
            {
                return;
            }

            if (provider is not null)
            {
                start.RegisterOperationAction(c => AnalyzeDefaultProvider(c, provider), OperationKind.ObjectCreation);
            }

            if (curves is not null || curve is not null)
            {
                start.RegisterOperationAction(c => AnalyzeCurve(c, curves), OperationKind.PropertyReference);
                start.RegisterOperationAction(c => AnalyzeCurveName(c, curve), OperationKind.Invocation);
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

    // new RSACryptoServiceProvider() generates a 1,024-bit key (RSA.Create() gives 2,048).
    private static void AnalyzeDefaultProvider(OperationAnalysisContext context, INamedTypeSymbol provider)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var minimum = context.Options.GetInt(creation.Syntax.SyntaxTree, MinKeySizeKey, DefaultMinKeySize);
        if (SymbolEqualityComparer.Default.Equals(creation.Type, provider) && !HasKeySizeArgument(creation.Arguments) && minimum > 1024
            && !ImportsOrSetsKey(creation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.WeakAsymmetricKey,
                creation.Syntax.GetLocation(),
                "new RSACryptoServiceProvider() generates a 1024-bit key",
                minimum.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static bool HasKeySizeArgument(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "dwKeySize" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A provider that imports a key (FromXmlString, ImportParameters…) or gets a KeySize never uses its default key.</summary>
    private static bool ImportsOrSetsKey(IObjectCreationOperation creation)
    {
        if (creation.Initializer is not null)
        {
            return true;
        }

        var holder = SecurityContext.ReceiverName(creation);
        if (holder is null)
        {
            return false;
        }

        foreach (var node in ValueTracker.Root(creation).Descendants())
        {
            if (node is IInvocationOperation { Instance: { } instance } call
                && (call.TargetMethod.Name.StartsWith("Import", System.StringComparison.Ordinal) || call.TargetMethod.Name == "FromXmlString")
                && ValueTracker.ReferencedSymbol(instance)?.Name == holder)
            {
                return true;
            }

            if (node is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "KeySize", Instance: { } target } }
                && ValueTracker.ReferencedSymbol(target)?.Name == holder)
            {
                return true;
            }
        }

        return false;
    }

    // ECCurve.NamedCurves.brainpoolP160r1 … brainpoolP192t1: under 224 bits (less than 112-bit security).
    private static void AnalyzeCurve(OperationAnalysisContext context, INamedTypeSymbol? curves)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, curves) && CurveBits(reference.Property.Name) is { } bits && bits < 224)
        {
            ReportCurve(context, reference, reference.Property.Name, bits);
        }
    }

    // ECCurve.CreateFromFriendlyName("secp160r1"), CreateFromValue("1.2.840.10045.3.1.1") (P-192).
    private static void AnalyzeCurveName(OperationAnalysisContext context, INamedTypeSymbol? curve)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("CreateFromFriendlyName" or "CreateFromValue" or "CreateFromOid")
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, curve) || invocation.Arguments.Length != 1)
        {
            return;
        }

        foreach (var candidate in ValueTracker.Candidates(invocation.Arguments[0].Value))
        {
            if (candidate.ConstantValue is { HasValue: true, Value: string name } && CurveBits(name) is { } bits && bits < 224)
            {
                ReportCurve(context, invocation, name, bits);
                return;
            }
        }
    }

    private static int? CurveBits(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "1.2.840.10045.3.1.1":
            case "nistp192":
            case "prime192v1":
            case "secp192r1":
            case "secp192k1":
                return 192;
            case "secp160r1":
            case "secp160k1":
            case "secp160r2":
                return 160;
        }

        // brainpoolP160r1, brainpoolP192t1, brainpoolP224r1…
        var lower = name.ToLowerInvariant();
        if (lower.StartsWith("brainpoolp", System.StringComparison.Ordinal) && lower.Length >= 13
            && int.TryParse(lower.Substring(10, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            return bits;
        }

        return null;
    }

    private static void ReportCurve(OperationAnalysisContext context, IOperation operation, string name, int bits)
    {
        var minimum = context.Options.GetInt(operation.Syntax.SyntaxTree, MinKeySizeKey, DefaultMinKeySize);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.WeakAsymmetricKey,
            operation.Syntax.GetLocation(),
            "elliptic curve " + name + " (" + bits.ToString(CultureInfo.InvariantCulture) + " bits) is too small; use P-256 or larger",
            minimum.ToString(CultureInfo.InvariantCulture)));
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
