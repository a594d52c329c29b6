using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.Configuration;
using NuGet.Packaging.Signing;

namespace PipelineSecurity.Build.Integrity.Signatures;

/// <summary>
/// Reads nuget.config's &lt;trustedSigners&gt; (the same settings restore uses for the project) into trusted authors and
/// repositories. Only SHA-256 fingerprints are taken, the algorithm 'dotnet nuget trust' writes by default.
/// </summary>
internal static class TrustedSignersReader
{
    public static (IReadOnlyCollection<string> Authors, IReadOnlyList<TrustedRepository> Repositories, int IgnoredCertificates) Read(ISettings settings)
    {
        var authors = new List<string>();
        var repositories = new List<TrustedRepository>();
        var ignored = 0;
        foreach (var signer in new TrustedSignersProvider(settings).GetTrustedSigners())
        {
            var fingerprints = new List<string>();
            foreach (var certificate in signer.Certificates)
            {
                if (certificate.HashAlgorithm == NuGet.Common.HashAlgorithmName.SHA256)
                {
                    fingerprints.Add(SignaturePolicy.NormalizeFingerprint(certificate.Fingerprint));
                }
                else
                {
                    ignored++;
                }
            }

            switch (signer)
            {
                case AuthorItem:
                    authors.AddRange(fingerprints);
                    break;
                case RepositoryItem repository:
                    var owners = repository.Owners?.ToArray() ?? Array.Empty<string>();
                    repositories.AddRange(fingerprints.Select(f => new TrustedRepository(f, null, owners)));
                    break;
            }
        }

        return (authors, repositories, ignored);
    }
}
