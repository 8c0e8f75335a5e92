package dev.omnihub.kb;
