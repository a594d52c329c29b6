using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2063: RSA encryption with PKCS#1 v1.5 padding: <c>RSAEncryptionPadding.Pkcs1</c> given to
/// <c>Encrypt</c>/<c>Decrypt</c>/<c>TryEncrypt</c>/<c>TryDecrypt</c> of an RSA key (directly or through a local or field),
/// or <c>RSACryptoServiceProvider.Encrypt(data, false)</c>/<c>Decrypt(data, false)</c>. PKCS#1 v1.5 decryption is a
/// padding oracle (Bleichenbacher); signatures with <c>RSASignaturePadding.Pkcs1</c> are not concerned.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RsaPkcs1EncryptionAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RsaPkcs1Encryption);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var rsa = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.RSA");
            var padding = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.RSAEncryptionPadding");
            var provider = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.RSACryptoServiceProvider");
            if (rsa is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, rsa, padding, provider), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol rsa, INamedTypeSymbol? padding, INamedTypeSymbol? provider)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.IsStatic || method.Name is not ("Encrypt" or "Decrypt" or "TryEncrypt" or "TryDecrypt")
            || !Types.IsOrDerivesFrom(method.ContainingType, rsa))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(argument.Parameter.Type, padding) && MayBePkcs1(argument.Value, padding!))
            {
                Report(context, argument.Value, "RSAEncryptionPadding.Pkcs1");
                return;
            }

            if (argument.Parameter.Name == "fOAEP" && Types.IsOrDerivesFrom(method.ContainingType, provider) && ValueTracker.MayBeFalse(argument.Value))
            {
                Report(context, argument.Value, "RSACryptoServiceProvider." + method.Name + " with fOAEP: false");
                return;
            }
        }
    }

    private static bool MayBePkcs1(IOperation value, INamedTypeSymbol padding)
    {
        foreach (var candidate in ValueTracker.Candidates(value))
        {
            if (candidate is IPropertyReferenceOperation { Property.Name: "Pkcs1" } reference
                && SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, padding))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation value, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RsaPkcs1Encryption, value.Syntax.GetLocation(), what));
}
