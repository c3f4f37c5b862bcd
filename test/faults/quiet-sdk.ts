// Imported before the SDK: it warns on every load under Node < 22 (ddb itself turns this off the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
