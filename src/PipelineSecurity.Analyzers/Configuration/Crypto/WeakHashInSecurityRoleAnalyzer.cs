using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PipelineSecurity.Analyzers.Configuration.Common;
using PipelineSecurity.Analyzers.Infrastructure;

namespace PipelineSecurity.Analyzers.Configuration.Crypto;

/// <summary>
/// PSF2010: MD5 or SHA-1 in a security role. HMACMD5/HMACSHA1 and <c>HashAlgorithmName.MD5/SHA1</c> given to a
/// signature method are always in one; <c>MD5.Create()</c>, <c>SHA1.HashData()</c> and the like are when the
/// variable, the method or its parameters are named for passwords, tokens, signatures, secrets or salts
/// (<see cref="SecurityNames"/>). A checksum, an ETag or a cache key is not reported; the option
/// <c>pipeline_security.PSF2010.report_all_uses = true</c> reports every use.
/// <para>
/// Not reported: HMAC-SHA1 (<c>HMACSHA1</c>, <c>IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, …)</c>): an HMAC's
/// security does not rest on collision resistance, and HMAC-SHA1 is not broken (TOTP, OAuth 1.0 and many protocols
/// mandate it); and MD5/SHA-1 in code that implements a protocol which mandates them (CRAM-MD5, DIGEST-MD5, NTLM, APOP,
/// PostgreSQL md5, SCRAM-SHA-1, the WebSocket handshake…), recognised by <see cref="ProtocolContext"/>.
/// </para>
/// <para>
/// A finding in a password role carries the property <c>Role=password</c>: the code fix then offers PBKDF2, never a
/// plain SHA-256 (an unsalted fast hash is no password hash).
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakHashInSecurityRoleAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the role, read by the code fix.</summary>
    public const string RoleProperty = "Role";

    private static readonly ImmutableDictionary<string, string?> PasswordRole = ImmutableDictionary<string, string?>.Empty.Add(RoleProperty, "password");

    internal const string ReportAllUsesKey = AnalyzerOptionKeys.Prefix + RuleIds.WeakHashInSecurityRole + ".report_all_uses";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.WeakHashInSecurityRole);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var hashes = Types.Resolve(start.Compilation, "System.Security.Cryptography.MD5", "System.Security.Cryptography.SHA1");
            var hmacs = Types.Resolve(start.Compilation, "System.Security.Cryptography.HMACMD5");
            var hashName = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.HashAlgorithmName");
            var asymmetric = start.Compilation.GetTypeByMetadataName("System.Security.Cryptography.AsymmetricAlgorithm");
            if (hashes.Count == 0 && hmacs.Count == 0)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, hashes), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, hashes, hmacs), OperationKind.ObjectCreation);
            if (hashName is not null)
            {
                start.RegisterOperationAction(c => AnalyzeHashName(c, hashName, asymmetric), OperationKind.PropertyReference);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, HashSet<INamedTypeSymbol> hashes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.IsStatic && hashes.Contains(method.ContainingType))
        {
            ReportInRole(context, invocation, DisplayName(method.ContainingType));
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, HashSet<INamedTypeSymbol> hashes, HashSet<INamedTypeSymbol> hmacs)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type)
        {
            return;
        }

        if (hmacs.Contains(type))
        {
            if (!IsProtocolMandated(context, creation))
            {
                Report(context, creation, type.Name, "HMAC keys", password: false);
            }
        }
        else if (Types.IsOrDerivesFrom(type, hashes))
        {
            ReportInRole(context, creation, DisplayName(type.BaseType is { } b && hashes.Contains(b) ? b : type));
        }
    }

    private static void AnalyzeHashName(OperationAnalysisContext context, INamedTypeSymbol hashName, INamedTypeSymbol? asymmetric)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name is not ("MD5" or "SHA1") || !SymbolEqualityComparer.Default.Equals(reference.Property.ContainingType, hashName))
        {
            return;
        }

        var name = reference.Property.Name == "MD5" ? "MD5" : "SHA-1";
        var argument = reference.Parent as IArgumentOperation ?? reference.Parent?.Parent as IArgumentOperation;
        var invoked = (argument?.Parent as IInvocationOperation)?.TargetMethod ?? (argument?.Parent as IObjectCreationOperation)?.Constructor;
        if (invoked?.ContainingType.Name == "Rfc2898DeriveBytes")
        {
            return; // PSF2015's.
        }

        // HMAC-SHA1 (and HMAC-MD5 by name, which an HMAC does not make collision-prone) is not a broken hash.
        if (invoked is not null && (invoked.Name.IndexOf("HMAC", System.StringComparison.OrdinalIgnoreCase) >= 0
                                    || invoked.ContainingType.Name.StartsWith("HMAC", System.StringComparison.Ordinal)))
        {
            return;
        }

        if (invoked is not null && (invoked.Name.StartsWith("Sign", System.StringComparison.Ordinal) || invoked.Name.StartsWith("Verify", System.StringComparison.Ordinal))
            && Types.IsOrDerivesFrom(invoked.ContainingType, asymmetric))
        {
            if (!IsProtocolMandated(context, reference))
            {
                Report(context, reference, name, "signatures", password: false);
            }

            return;
        }

        ReportInRole(context, reference, name);
    }

    private static void ReportInRole(OperationAnalysisContext context, IOperation operation, string algorithm)
    {
        var reportAll = context.Options.GetBool(operation.Syntax.SyntaxTree, ReportAllUsesKey, defaultValue: false);
        var role = SecurityContext.RoleName(operation, context.ContainingSymbol, keyCounts: false, includeParameters: true);
        if (role is not null && (reportAll || !IsProtocolMandated(context, operation)))
        {
            Report(context, operation, algorithm, "'" + role + "'", SecurityNames.IsPasswordName(role));
        }
        else if (reportAll)
        {
            Report(context, operation, algorithm, "security uses", password: false);
        }
    }

    private static bool IsProtocolMandated(OperationAnalysisContext context, IOperation operation) =>
        !context.Options.GetBool(operation.Syntax.SyntaxTree, ReportAllUsesKey, defaultValue: false)
        && ProtocolContext.IsProtocolMandated(operation.Syntax, context.ContainingSymbol);

    private static void Report(OperationAnalysisContext context, IOperation operation, string algorithm, string role, bool password) =>
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.WeakHashInSecurityRole,
            operation.Syntax.GetLocation(),
            password ? PasswordRole : ImmutableDictionary<string, string?>.Empty,
            algorithm,
            role));

    private static string DisplayName(INamedTypeSymbol type) => type.Name == "SHA1" ? "SHA-1" : type.Name;
}
