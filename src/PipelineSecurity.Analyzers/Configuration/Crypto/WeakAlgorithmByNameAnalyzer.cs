using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2062: a broken algorithm chosen by name or through a variable, which the type-based rules (PSF2010, PSF2011)
/// cannot see: <c>CryptoConfig.CreateFromName("…")</c>, <c>HashAlgorithm.Create("…")</c>, <c>SymmetricAlgorithm.Create("…")</c>,
/// <c>KeyedHashAlgorithm.Create("…")</c>/<c>HMAC.Create("…")</c>, and <c>IncrementalHash.CreateHash</c>/<c>CreateHMAC</c>
/// or <c>new HashAlgorithmName("…")</c> given MD5/SHA-1 through a local or field. The name may be a literal, a constant or
/// a local. Ciphers (DES, 3DES, RC2) are always reported; MD5/SHA-1 only in a security role, as PSF2010 decides it
/// (names around the call, protocol code excepted); HMAC-SHA1 never.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakAlgorithmByNameAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] FactoryTypes =
    {
        "System.Security.Cryptography.CryptoConfig",
        "System.Security.Cryptography.HashAlgorithm",
        "System.Security.Cryptography.SymmetricAlgorithm",
        "System.Security.Cryptography.KeyedHashAlgorithm",
        "System.Security.Cryptography.HMAC",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakAlgorithmByName);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var factories = Types.Resolve(start.Compilation, FactoryTypes);
            var incremental = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.IncrementalHash");
            var hashName = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.HashAlgorithmName");
            if (factories.Count == 0 && incremental is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, factories, incremental, hashName), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, HashSet<INamedTypeSymbol> factories, INamedTypeSymbol? incremental, INamedTypeSymbol? hashName)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsStatic || invocation.Arguments.Length == 0)
        {
            return;
        }

        if ((method.Name == "CreateFromName" || method.Name == "Create") && factories.Contains(method.ContainingType.OriginalDefinition)
            && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
        {
            foreach (var candidate in ValueTracker.Candidates(invocation.Arguments[0].Value))
            {
                if (candidate.ConstantValue is { HasValue: true, Value: string name } && Classify(name) is { } weak)
                {
                    ReportIfInRole(context, invocation, method.ContainingType.Name + "." + method.Name + "(\"" + name + "\")", weak);
                    return;
                }
            }

            return;
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, incremental) && method.Name == "CreateHash"
            && SymbolEqualityComparer.Default.Equals(invocation.Arguments[0].Value.Type, hashName))
        {
            var argument = ValueTracker.Unwrap(invocation.Arguments[0].Value);
            if (argument is IPropertyReferenceOperation)
            {
                return; // HashAlgorithmName.MD5 written at the call: PSF2010's.
            }

            foreach (var candidate in ValueTracker.Candidates(argument))
            {
                var name = candidate switch
                {
                    IPropertyReferenceOperation { Property: { Name: "MD5" or "SHA1" } property } when SymbolEqualityComparer.Default.Equals(property.ContainingType, hashName) => property.Name,
                    IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text } => text,
                    _ => null,
                };
                if (name is not null && Classify(name) is { } weak)
                {
                    ReportIfInRole(context, invocation, "IncrementalHash.CreateHash(" + name + ")", weak);
                    return;
                }
            }
        }
    }

    private sealed class Weakness
    {
        public Weakness(string algorithm, string replacement, bool isCipher)
        {
            Algorithm = algorithm;
            Replacement = replacement;
            IsCipher = isCipher;
        }

        public string Algorithm { get; }

        public string Replacement { get; }

        public bool IsCipher { get; }
    }

    /// <summary>What a name selects (CryptoConfig's simple and full names), when it is broken.</summary>
    private static Weakness? Classify(string name)
    {
        var simple = name.Trim();
        var dot = simple.LastIndexOf('.');
        if (dot >= 0)
        {
            simple = simple.Substring(dot + 1);
        }

        simple = simple.ToUpperInvariant();
        if (simple.EndsWith("CRYPTOSERVICEPROVIDER", StringComparison.Ordinal))
        {
            simple = simple.Substring(0, simple.Length - "CRYPTOSERVICEPROVIDER".Length);
        }
        else if (simple.EndsWith("MANAGED", StringComparison.Ordinal))
        {
            simple = simple.Substring(0, simple.Length - "MANAGED".Length);
        }

        return simple switch
        {
            "DES" or "3DES" or "TRIPLEDES" or "RC2" => new Weakness(simple == "RC2" ? "RC2" : simple == "DES" ? "DES" : "3DES", "Aes", isCipher: true),
            "MD5" => new Weakness("MD5", "SHA256", isCipher: false),
            "SHA" or "SHA1" => new Weakness("SHA-1", "SHA256", isCipher: false),
            "HMACMD5" => new Weakness("HMAC-MD5", "HMACSHA256", isCipher: false),
            _ => null,
        };
    }

    private static void ReportIfInRole(OperationAnalysisContext context, IInvocationOperation invocation, string call, Weakness weak)
    {
        if (!weak.IsCipher)
        {
            var role = SecurityContext.RoleName(invocation, context.ContainingSymbol, keyCounts: false, includeParameters: true);
            if (role is null || ProtocolContext.IsProtocolMandated(invocation.Syntax, context.ContainingSymbol))
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WeakAlgorithmByName, invocation.Syntax.GetLocation(), call, weak.Algorithm, weak.Replacement));
    }
}
