#!/usr/bin/env node
import '../dist/dossier.js';
