using System;
using Microsoft.Build.Framework;

namespace PipelineSecurity.Build.Infrastructure;

/// <summary>
/// An object shared by the tasks of one build in one MSBuild process, registered with the build engine (lifetime
/// <see cref="RegisteredTaskObjectLifetime.Build"/>): the next build, even in a reused node, starts without it.
/// </summary>
internal static class BuildScoped
{
    private static readonly object RegistrationLock = new();

    /// <summary>The object registered under <paramref name="key"/>, made by <paramref name="create"/> the first time; null where the engine keeps no task objects.</summary>
    public static T? GetOrCreate<T>(IBuildEngine? buildEngine, string key, Func<T> create)
        where T : class
    {
        if (buildEngine is not IBuildEngine4 engine)
        {
            return null;
        }

        lock (RegistrationLock)
        {
            try
            {
                if (engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) is T registered)
                {
                    return registered;
                }

                var created = create();
                engine.RegisterTaskObject(key, created, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
                return created;
            }
            catch (Exception unsupported) when (unsupported is NotImplementedException or NotSupportedException)
            {
                // Hosts that do not keep task objects (some custom or test engines throw) simply share nothing.
                return null;
            }
        }
    }
}
