// Documents (issue 21): upload with progress, the case's documents with filters, full-text
// search with snippets and pages, and the viewer of one document (`#/documents?id=…&page=N`).
import { type ReactNode } from 'react';
import { useApp } from '../lib.tsx';
import { DocumentList } from './documents/DocumentList.tsx';
import { DocumentSearch } from './documents/DocumentSearch.tsx';
import { DocumentViewer } from './documents/DocumentViewer.tsx';
import { UploadPanel } from './documents/UploadPanel.tsx';

export default function DocumentsPage({ params }: { params: URLSearchParams }): ReactNode {
  const { canWrite } = useApp();
  const id = params.get('id');
  if (id)
    return (
      <DocumentViewer
        id={id}
        page={Math.max(1, Number(params.get('page')) || 1)}
        query={params.get('q') ?? ''}
      />
    );
  return (
    <section>
      <h1>Documents</h1>
      {canWrite ? <UploadPanel /> : null}
      <DocumentSearch query={params.get('q') ?? ''} />
      <DocumentList params={params} />
    </section>
  );
}
