#if NETFRAMEWORK
namespace System.Runtime.CompilerServices;

// Lets records and init-only properties compile for net472, which lacks this marker type.
internal static class IsExternalInit
{
}
#endif
