"""One repository per table: the only code that knows key conditions and item layouts."""
